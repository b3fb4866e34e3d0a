"""Code-drawn avatar art: a supersampling pen, the pose geometry and one module per part."""
