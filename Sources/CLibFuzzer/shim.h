// libFuzzer's entry for programs that have a main of their own (compiler-rt, FuzzerInterface.h documents it;
// the runtime ships no header for it). Linked by `-sanitize=fuzzer`, nothing to link otherwise.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
