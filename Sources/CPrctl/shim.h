// Linux's prctl(2), for ServerChild's one call. prctl is variadic, which Swift cannot call, so this shim
// wraps the one use in a function of fixed arguments; part of libc, nothing to link.
#include <sys/prctl.h>

static inline int audiocoach_prctl_set_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0UL, 0UL, 0UL);
}
