// oneDNN (Debian libdnnl-dev) for sgemm, plus the two OpenMP calls we need to pin its
// thread count per calling thread (Debian builds oneDNN with GNU OpenMP).
#include <dnnl.h>
int omp_get_max_threads(void);
void omp_set_num_threads(int n);
