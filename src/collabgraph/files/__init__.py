"""Reading and writing files safely: vetting a user's input, atomic output, lossless Turtle/TriG."""
