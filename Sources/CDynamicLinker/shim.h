// glibc's dynamic linker interface with its GNU extensions: dlmopen, dladdr, dl_iterate_phdr.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
