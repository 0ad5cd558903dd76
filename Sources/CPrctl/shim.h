// Linux's process and thread calls Swift cannot make itself: prctl(2) and syscall(2) are variadic, so this shim
// wraps each use in a function of fixed arguments; part of libc, nothing to link.
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

static inline int audiocoach_prctl_set_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0UL, 0UL, 0UL);
}

// This thread's id (gettid(2)): Linux gives each thread its own nice value, set by setpriority on this id.
static inline pid_t audiocoach_thread_id(void) {
    return (pid_t)syscall(SYS_gettid);
}

// Names the calling thread as the system shows it (top -H, /proc/PID/task/*/comm): at most 15 bytes are kept.
static inline int audiocoach_prctl_set_thread_name(const char *name) {
    return prctl(PR_SET_NAME, (unsigned long)name, 0UL, 0UL, 0UL);
}
