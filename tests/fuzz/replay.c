/* replay.c — main() for the fuzz targets built without libFuzzer (any
 * compiler): runs every file named on the command line, and every file in
 * every folder named, through LLVMFuzzerTestOneInput once. Used by ctest
 * (fuzz/<target>) to replay the seed corpus and the regression inputs.
 * An input that takes more than REPLAY_SECONDS (a hang) ends the program
 * with SIGALRM, after its name was printed. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

#define REPLAY_SECONDS 60

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    size_t cap = 4096, n = 0, r;
    unsigned char *buf = malloc(cap);
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf) return 1;
    /* a copy of exactly n bytes, so that ASan sees any read past the end */
    unsigned char *in = malloc(n ? n : 1);
    memcpy(in, buf, n);
    free(buf);
    alarm(REPLAY_SECONDS);
    LLVMFuzzerTestOneInput(in, n);
    alarm(0);
    free(in);
    return 0;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    int runs = 0, bad = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            return 1;
        }
        if (!S_ISDIR(st.st_mode)) {
            printf("replay %s\n", argv[i]);
            fflush(stdout);
            bad += run_file(argv[i]);
            runs++;
            continue;
        }
        DIR *d = opendir(argv[i]);
        if (!d) {
            perror(argv[i]);
            return 1;
        }
        char **names = NULL;
        int n = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
            if (de->d_name[0] == '.') continue;
            names = realloc(names, (size_t)(n + 1) * sizeof *names);
            names[n++] = strdup(de->d_name);
        }
        closedir(d);
        if (n > 1) qsort(names, (size_t)n, sizeof *names, cmp);
        for (int k = 0; k < n; k++) {
            char path[8192];
            snprintf(path, sizeof path, "%s/%s", argv[i], names[k]);
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                printf("replay %s\n", path);
                fflush(stdout);
                bad += run_file(path);
                runs++;
            }
            free(names[k]);
        }
        free(names);
    }
    printf("%d input(s) replayed, %d unreadable\n", runs, bad);
    return bad ? 1 : 0;
}
