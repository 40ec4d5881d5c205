"""The demo room simulator (see simulator.py): a seeded, time-accelerated model of one broadcast."""

from dyconsole.emulator.sim.config import SimConfig
from dyconsole.emulator.sim.orders import SimOrder
from dyconsole.emulator.sim.simulator import Simulator
from dyconsole.emulator.sim.truth import GroundTruth

__all__ = ["GroundTruth", "SimConfig", "SimOrder", "Simulator"]
