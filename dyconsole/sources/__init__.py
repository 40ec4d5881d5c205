"""The sources layer: asyncio + httpx clients of the Qianchuan and Doudian open APIs, OAuth2 tokens, rate limits,
retries, lenient payload parsing, the `LiveRoomSource` facade and the `Poller` that feeds the console.
"""
