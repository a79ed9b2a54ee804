/* Power loss, simulated: an LD_PRELOAD library for one kiosk process. After every fsync or
 * fdatasync of a file whose path starts with $PL_WATCH it copies that file, as it stands once
 * flushed, to $PL_OUT/<n>-<name> and logs "S <n> <name>"; every write to standard output is
 * logged as "O <n> <text>", n being the number of flushes so far. The test then rebuilds, for
 * every flush, the files a power cut at that moment would have left (each file as at its
 * last flush: every write not yet flushed lost) and opens the database there.
 * Part of tests/it/powerloss.rs; compiled by that test with the system C compiler. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int flushes = 0;

static ssize_t real_write(int fd, const void *buf, size_t n) {
    static ssize_t (*w)(int, const void *, size_t) = 0;
    if (!w) w = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    return w(fd, buf, n);
}

static void log_line(const char *line, size_t n) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/log", getenv("PL_OUT"));
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd < 0) return;
    real_write(fd, line, n);
    close(fd);
}

static void snapshot(int fd) {
    const char *watch = getenv("PL_WATCH");
    char link[64], path[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t len = readlink(link, path, sizeof path - 1);
    if (len <= 0 || !watch) return;
    path[len] = 0;
    if (strncmp(path, watch, strlen(watch)) != 0) return;
    const char *name = strrchr(path, '/') + 1;
    flushes++;
    char copy[PATH_MAX];
    snprintf(copy, sizeof copy, "%s/%d-%s", getenv("PL_OUT"), flushes, name);
    int in = open(path, O_RDONLY), out = open(copy, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    char buf[65536];
    ssize_t r;
    while (in >= 0 && out >= 0 && (r = pread(in, buf, sizeof buf, lseek(out, 0, SEEK_CUR))) > 0) {
        real_write(out, buf, r);
    }
    if (in >= 0) close(in);
    if (out >= 0) close(out);
    char line[PATH_MAX + 32];
    int n = snprintf(line, sizeof line, "S %d %s\n", flushes, name);
    log_line(line, n);
}

int fsync(int fd) {
    static int (*f)(int) = 0;
    if (!f) f = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    int r = f(fd);
    if (r == 0) snapshot(fd);
    return r;
}

int fdatasync(int fd) {
    static int (*f)(int) = 0;
    if (!f) f = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    int r = f(fd);
    if (r == 0) snapshot(fd);
    return r;
}

ssize_t write(int fd, const void *buf, size_t n) {
    ssize_t r = real_write(fd, buf, n);
    if (fd == 1 && r > 0) {
        char line[512];
        int k = snprintf(line, sizeof line, "O %d %.*s", flushes, (int)(r < 400 ? r : 400), (const char *)buf);
        if (k > 0 && line[k - 1] != '\n' && k < (int)sizeof line - 1) line[k++] = '\n';
        log_line(line, k);
    }
    return r;
}
