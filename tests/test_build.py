"""The build context: parameters the pipeline hands on to the notebooks of one build."""

from analysis import build, params


def test_a_notebook_of_the_build_starts_from_the_parameters_handed_on(tmp_path):
    """`start` in the build's own folder gets the handed-on object; another reads the file."""
    staging, other = tmp_path / "staging", tmp_path / "other"
    handed = params.load("klaten").model_copy(update={"name": "Handed On"})
    build.hand_on(handed, staging, "")
    try:
        assert build.start("klaten", str(staging), "").params.name == "Handed On"
        assert build.start("klaten", str(other), "").params.name == "Kabupaten Klaten"
        assert build.start("klaten", str(staging), "en").params.name == "Kabupaten Klaten"
    finally:
        build.take_back(staging)


def test_parameters_taken_back_are_read_from_the_file_again(tmp_path):
    """After `take_back` the same folder reads the params file again (the official name)."""
    staging = tmp_path / "staging"
    build.hand_on(params.load("klaten").model_copy(update={"name": "Handed On"}), staging, "")
    build.take_back(staging)
    assert build.start("klaten", str(staging), "").params.name == "Kabupaten Klaten"
