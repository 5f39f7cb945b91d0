"""The Textual app. Only this package imports Textual at module level.

Where each behaviour lives:

- app.py: starting up (which diary, which day), themes, quitting with nothing lost.
- writer.py: every save and change, from any screen: one ordered queue, each change on a
  store of its own in a worker, a busy diary tried again (`writer_for(app, path)`).
- workers.py: the step most other workers take: one piece of store work in the worker's
  thread, then its outcome, or the diary's one-line refusal, posted back (`post_outcome`).
- external_editor.py: a meeting's notes in $EDITOR (the terminal handed over and back).
- unsaved.py: notes the diary would not take, written to a file the delegate can find.
- messages.py: messages several screens share (`Jump`: open this day, select this entry).
- screens/day.py: capture on a mission day: loading, moving between days, the panes, the
  forms' results turned into writes, autosave of the notes, undo, delete, visibility.
- screens/search.py: search as you type; each snippet marked with who may read its words.
- screens/publish.py: the day's words and the preview, then writing the post's files.
- screens/missions.py, review.py, contacts.py, help.py, welcome.py: the other screens.
- modals/: the forms (itinerary, meeting, follow-up, mission) and the yes/no question.
- widgets/: what the screens are built of (the panes, the notes editor, the title line).

Below the app: the store (`missiondiary.store`, the only door to the file; it raises the
diary's own errors, never SQLite's) and publishing (`missiondiary.publish`, including where
posts go: `publish/folders.py`).
"""
