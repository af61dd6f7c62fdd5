// See CKernels.h (ck_team_for). The engine's own loops run on the OpenMP team that oneDNN's
// primitives use. With a second pool (Dispatch's), each pool's idle threads spin for a while
// after their work and took the cores the other pool's threads were given: on 2 cores,
// AlexNet's fc6 at batch 1 ran in ~9 ms after a convolution instead of ~5.5.
#include "CKernels.h"

#ifndef __has_feature
#define __has_feature(x) 0
#endif

// libgomp's own entry points: Debian builds oneDNN with GNU OpenMP, and CDNNL links libgomp.
extern void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads, unsigned flags);

struct team_job {
  void (*body)(void *, long);
  void *context;
  long count;
  long next;  // the next index to hand out, shared by the team
};

// Each thread of the team takes the next index until none is left (the iterations vary in
// cost, so a fixed split would leave a core idle).
static void team_run(void *data) {
  struct team_job *job = data;
  for (;;) {
    const long i = __atomic_fetch_add(&job->next, 1, __ATOMIC_RELAXED);
    if (i >= job->count) break;
    job->body(job->context, i);
  }
}

int ck_team_available(void) {
  // ThreadSanitizer cannot see libgomp's barriers (libgomp is not instrumented), so every
  // loop would be reported as a race: those builds keep Dispatch.
  return !__has_feature(thread_sanitizer);
}

void ck_team_for(long count, int threads, void (*body)(void *, long), void *context) {
  struct team_job job = {body, context, count, 0};
  // GOMP_parallel returns after the team's closing barrier: every body's writes are visible.
  GOMP_parallel(team_run, &job, (unsigned)threads, 0);
}
