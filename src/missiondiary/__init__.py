"""missiondiary: an offline terminal diary for delegates on trade missions.

Where things are (imports flow down this list, never up; `lint-imports` checks it against the
contracts in pyproject.toml):

- `cli/` - the command line (click): the root group, shared params and output, one module per
  command group. Thin: it parses, calls the layers below and prints.
- `tui/` - the Textual app: `app.py`, `keymap.py` (every key in one table), `handles.py`
  (what each screen class repeats: its keys and stylesheet, typed handles on children), `screens/`
  (`photos.py`: the day's photos drawn with textual-image; `photo_picker.py`,
  `photo_adding.py`, `photo_captions.py`: adding them from a folder), `widgets/`, `modals/` (the
  forms). The only place that imports Textual.
- `demo/` - `build_demo()`: a sample mission from `london-chamber-china-2011.json`, read
  through the JSON importer.
- `send/` - posts to the members' WordPress (REST API) and inbox (SMTP) from the outbox.
- `publish/` - a day -> Markdown with front matter and HTML (`markdown.py`, `html.py`), the
  members' site, feed and WXR (`site.py`; `feed_history.py`: what readers already hold),
  the mission report (`report.py`), and
  `files.write_atomic`, the one writer for every file we write.
- `interchange/` - files that carry a diary out and back in: the JSON format
  (`json_format.py` envelope, `rows.py` rows <-> entries, `merge.py`), `calendars.py` (.ics)
  and `photo_files.py` (a phone's folder of photos, placed on their days).
  On the store's public methods only.
- `store/` - the only door to the SQLite file: `open_diary()` (`opening.py`, the open policy
  the app and the command line share), `Store`/`open_store`, one module per entity, search
  (FTS5), history and undo, migrations, backups and the change watcher. SQL and storage
  errors stay in here; callers get domain objects and `DiaryError`s.
  `crypto.py` (SQLCipher keys, where the passphrase comes from), `encryption.py` (encrypt,
  decrypt, change passphrase through a verified copy), `transactions.py` (BEGIN IMMEDIATE).
- `media/` - Pillow work on photos (`images.py`): EXIF times and places, orientation, the
  2,560-pixel copy the diary keeps, and copies with no metadata for everything published.
- `themes.py` - reads `themes/<name>/` as plain data for the app and the posts.
- `timeline.py` - wall time + zone -> instant, DST gaps and folds, local dates; the only
  module that knows pendulum.
- `domain/` - the nouns and pure rules, no I/O: `model.py` (missions, days, meetings,
  follow-ups, visibility, parsing), `photos.py` (a photo and which day it belongs to),
  `register.py` (people and organisations over time),
  `review.py` (a past mission summed up), `names.py` (which spellings are the same name),
  `sending.py` (destinations and the outbox), `text.py` (one line, "3 entries").
- `errors.py` - the `DiaryError` family; `InvalidInput(field, text)` carries its field;
  `Worded`, a reason already in the user's words.
"""

__version__ = "0.1.0"
