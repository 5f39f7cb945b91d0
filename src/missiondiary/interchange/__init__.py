"""Files that carry a diary out and back in: the JSON exchange format and calendars.

`json_format` is the file's envelope (format, version, export and import); `rows` turns stored
rows into the file's entries and checks entries on the way in; `merge` settles them against
the diary; `calendars` reads and writes .ics. All of it goes through the store's public
methods; docs/formats.md documents the JSON shape.
"""
