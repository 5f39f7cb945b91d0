"""Where posts are written: a `posts` folder beside the diary unless the delegate chose
another, remembered in the diary's settings. The publish screen and the mission report (and
anything else that writes posts) share this one rule."""

from __future__ import annotations

from pathlib import Path

POSTS_DIR_SETTING = "posts_dir"


def default_posts_dir(db_path: Path) -> Path:
    """A `posts` folder beside the diary file."""
    return Path(db_path).expanduser().resolve().parent / "posts"


def resolve_folder(text: str, db_path: Path) -> Path:
    """What a folder typed or remembered means: `~` is home, a relative path sits beside the
    diary, nothing is the default."""
    folder = Path(text.strip() or default_posts_dir(db_path)).expanduser()
    if not folder.is_absolute():
        folder = Path(db_path).expanduser().resolve().parent / folder
    return folder


def folder_setting(folder: Path, db_path: Path) -> str:
    """What to remember for `folder`: nothing for the default, so moving the diary moves it."""
    return "" if folder == default_posts_dir(db_path) else str(folder)


def short_path(path: Path) -> str:
    """A folder as the delegate would type it: `~/blog/posts` rather than `/home/ann/...`."""
    home = Path.home()
    try:
        return "~/" + str(path.relative_to(home)) if path != home else "~"
    except ValueError:
        return str(path)
