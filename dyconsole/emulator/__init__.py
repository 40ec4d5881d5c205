"""The demo room: a seeded live-room simulator (`sim`, `scenarios`) and the ASGI emulator of the Qianchuan and
Doudian APIs that serves it (`app`, `demo`). Imports core only; only the composition root and tests import it."""
