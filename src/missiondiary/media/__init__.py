"""Pictures as bytes (Pillow): reading what a phone wrote, the copy the diary keeps, and
the copies with no metadata that leave it. No diary, no files written here."""
