"""The app's tests start Textual headless, about half a second of CPU a start, so which of
them the default run holds is chosen, not left to grow:

- the default run starts the app once for each thing a delegate relies on (the day screen,
  notes kept without a save key, each screen and its escape, publishing without private
  words, the forms' refusals, the diary refusing writes, lock and unlock), at 80x24;
- the slow trials (`pytest -m slow`, which CI runs after the default run) add the same checks
  at other sizes and on the other forms and screens (`screen_sizes`, `variants`), the long
  trials in full (kill -9 rounds, a whole sentence typed key by key, escape on every screen)
  and the tests of finer points (a click's selection, the theme and day remembered...)."""
