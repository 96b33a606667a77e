"""The version state machine and the services that move versions through it (DESIGN.md section 4).

The transition table is `transitions`, the only code that assigns a state is `machine`; `app` wires
the feature into the application.
"""
