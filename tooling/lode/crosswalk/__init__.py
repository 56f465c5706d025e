"""crosswalk"""
