import numpy as np
from numba import cfunc

def integrand(t):
    return np.exp(-t) / t**2

integrand = cfunc("float64(float64)")(integrand)
