#include "ax-fixture.h"
AX_FIXTURE_DEFINE
START_TEST (x) { } END_TEST
int main (void) { const TTest *t[] = { x }; return ax_test_run ("sales", setup, teardown, t, 1); }
