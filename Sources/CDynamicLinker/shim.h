// glibc's dl_iterate_phdr, declared here rather than through <link.h>: that declaration needs _GNU_SOURCE, which
// changes how <sys/select.h> defines fd_set, and two modules that define fd_set differently cannot be imported
// together (a clean build fails). Only the leading fields of glibc's struct dl_phdr_info are named, as glibc lays
// them out; glibc passes the size of its own struct, and nothing past these fields is read.
#include <elf.h>
#include <stddef.h>

#if defined(__LP64__)
typedef Elf64_Addr audiocoach_elf_address;
typedef Elf64_Phdr audiocoach_elf_program_header;
#else
typedef Elf32_Addr audiocoach_elf_address;
typedef Elf32_Phdr audiocoach_elf_program_header;
#endif

struct audiocoach_library_info {
    audiocoach_elf_address dlpi_addr;
    const char *dlpi_name;
    const audiocoach_elf_program_header *dlpi_phdr;
    Elf64_Half dlpi_phnum;
};

extern int audiocoach_iterate_libraries(int (*callback)(struct audiocoach_library_info *info, size_t size, void *data),
                                        void *data) __asm__("dl_iterate_phdr");
