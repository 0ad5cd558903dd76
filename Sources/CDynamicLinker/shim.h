// glibc's dynamic linker interface with its GNU extension dl_iterate_phdr.
#define _GNU_SOURCE
#include <link.h>
