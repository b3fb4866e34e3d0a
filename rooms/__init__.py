"""The space itself: maps, the live world of avatars (in memory only), and the places in it.

Nothing here touches the network; the transport in ``server`` drives these objects.
"""
