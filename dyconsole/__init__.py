"""dyconsole: the operator console for Douyin e-commerce live rooms (抖音电商直播运营控制台)."""

__version__ = "0.1.0"
