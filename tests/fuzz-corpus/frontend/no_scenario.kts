const A = 1
