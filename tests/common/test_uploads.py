import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from common.uploads import MB, UploadValidator, upload_validator

PDF = b"%PDF-1.7\n..."
PNG = b"\x89PNG\r\n\x1a\n...."
JPG = b"\xff\xd8\xff\xe0...."


@pytest.mark.parametrize(("name", "content"), [("a.pdf", PDF), ("A.PNG", PNG), ("scan.jpeg", JPG), ("x.jpg", JPG)])
def test_accepts_the_allowed_kinds(name, content):
    upload_validator("pdf", "jpg", "png")(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("contract.exe", b"MZ...."),
        ("contract.pdf", b"MZ...."),  # renamed: the first bytes give it away
        ("contract.png", PDF),
        ("contract", PDF),
    ],
)
def test_refuses_other_types(name, content):
    with pytest.raises(ValidationError) as error:
        upload_validator("pdf", "jpg", "png")(SimpleUploadedFile(name, content))
    assert error.value.code == "file_type"


def test_refuses_files_over_the_limit():
    validator = UploadValidator(kinds=("pdf",), max_size=1 * MB)
    with pytest.raises(ValidationError) as error:
        validator(SimpleUploadedFile("big.pdf", PDF + b"0" * MB))
    assert error.value.code == "file_too_large"


def test_leaves_the_file_position_alone_and_deconstructs_for_migrations():
    upload = SimpleUploadedFile("a.pdf", PDF)
    upload.seek(3)
    validator = upload_validator("pdf", max_mb=2)
    validator(upload)
    assert upload.tell() == 3
    path, args, kwargs = validator.deconstruct()
    assert path == "common.uploads.UploadValidator"
    assert UploadValidator(*args, **kwargs) == validator
    assert validator.accept() == ".pdf"
