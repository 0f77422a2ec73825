"""The release id: a name for the code that is running, used to keep caches of one release apart.

Read once at start from settings, so it imports nothing from Django and reads only the few
dozen source files that shape what the site renders.
"""

import hashlib
import os

# Source that shapes rendered output: code, templates, and data files read at render time.
SUFFIXES = {".py", ".html", ".txt", ".svg", ".toml"}
# Folders that never shape a response (tooling, tests, build output); dot-folders are skipped too.
SKIPPED = {
    ".venv",
    ".git",
    "staticfiles",
    "node_modules",
    "test-artifacts",
    "__pycache__",
    "bench",
    "e2e",
    "docs",
    "tests",
}


def _skipped(name):
    """Whether a folder of this name is left out of the digest."""
    return name in SKIPPED or name.startswith(".")


def source_files(base_dir):
    """The files hashed for the release id, as sorted relative POSIX paths."""
    # The project's packages (the apps and careersite itself), found rather than listed so a
    # new app counts without anyone remembering to add it here, plus the shared templates.
    roots = [
        entry.name
        for entry in os.scandir(base_dir)
        if entry.is_dir()
        and not _skipped(entry.name)
        and (entry.name == "templates" or os.path.isfile(os.path.join(entry.path, "__init__.py")))
    ]
    found = []
    # Plain os.path strings: pathlib objects cost more than the reading itself here.
    for root in roots:
        for folder, subfolders, files in os.walk(os.path.join(base_dir, root)):
            subfolders[:] = [name for name in subfolders if not _skipped(name)]
            relative = os.path.relpath(folder, base_dir).replace(os.sep, "/")
            found.extend(
                f"{relative}/{name}" for name in files if os.path.splitext(name)[1] in SUFFIXES
            )
    return sorted(found)


def release_id(base_dir):
    """RELEASE from the environment if set, else a 12-hex-digit digest of the source."""
    release = os.environ.get("RELEASE", "").strip()
    if release:
        return release
    digest = hashlib.sha256()
    for path in source_files(base_dir):
        try:
            with open(os.path.join(base_dir, path), "rb") as file:
                content = file.read()
        except FileNotFoundError:  # removed since the walk, e.g. an editor's swap file
            continue
        # Path and length frame each file, so moving text between files changes the digest.
        digest.update(f"{path}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()[:12]
