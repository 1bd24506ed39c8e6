// fpwork.c - a floating-point workload for the F and D extensions (RV32GC, ilp32d):
// matrix multiply, n-body steps, libm calls, single-precision arithmetic, conversions
// and the rounding modes of <fenv.h>, every result printed exactly (%a and %.17g) so that
// emu and qemu-riscv32 can be compared byte for byte (EndToEndFloatTests).
//
// Usage: fpwork [SCALE]   SCALE (default 1) multiplies the work, for benchmarks.
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 24

static double a[N][N], b[N][N], c[N][N];

static void matrix(int rounds) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (double)(i * N + j) / 7.0 - 3.25;
            b[i][j] = 1.0 / (double)(i + j + 1);
        }
    for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) {
                double sum = 0;
                for (int k = 0; k < N; k++) sum = fma(a[i][k], b[k][j], sum);
                c[i][j] = sum;
            }
        a[r % N][(r * 7) % N] += c[(r * 3) % N][r % N] * 1e-3;
    }
    double trace = 0;
    for (int i = 0; i < N; i++) trace += c[i][i];
    printf("matrix: trace %a %.17g c[3][5] %.17g\n", trace, trace, c[3][5]);
}

struct body { double x, y, z, vx, vy, vz, m; };

static void nbody(int steps) {
    struct body s[5] = {
        {0, 0, 0, 0, 0, 0, 39.47841760435743},
        {4.84, -1.16, -0.10, 0.606, 2.81, -0.02, 0.037},
        {8.34, 4.12, -0.40, -1.01, 1.82, 0.008, 0.011},
        {12.89, -15.11, -0.22, 1.08, 0.868, -0.01, 0.0017},
        {15.37, -25.91, 0.17, 0.979, 0.594, -0.034, 0.002},
    };
    const double dt = 0.01;
    for (int t = 0; t < steps; t++) {
        for (int i = 0; i < 5; i++)
            for (int j = i + 1; j < 5; j++) {
                double dx = s[i].x - s[j].x, dy = s[i].y - s[j].y, dz = s[i].z - s[j].z;
                double d2 = dx * dx + dy * dy + dz * dz;
                double mag = dt / (d2 * sqrt(d2));
                s[i].vx -= dx * s[j].m * mag; s[i].vy -= dy * s[j].m * mag; s[i].vz -= dz * s[j].m * mag;
                s[j].vx += dx * s[i].m * mag; s[j].vy += dy * s[i].m * mag; s[j].vz += dz * s[i].m * mag;
            }
        for (int i = 0; i < 5; i++) { s[i].x += dt * s[i].vx; s[i].y += dt * s[i].vy; s[i].z += dt * s[i].vz; }
    }
    for (int i = 0; i < 5; i++) printf("nbody %d: %a %a %.17g\n", i, s[i].x, s[i].y, s[i].vz);
}

static void libm(void) {
    const double xs[] = {0.5, 1.0, 2.0, 10.0, -3.75, 1e-300, 123456.789};
    for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double x = xs[i];
        printf("libm %.17g: sin %a cos %a exp %a log %a pow %a atan2 %a cbrt %a\n", x, sin(x), cos(x), exp(x),
               log(fabs(x)), pow(fabs(x), 0.37), atan2(x, 3.0), cbrt(x));
    }
    float f = 0.1f;
    for (int i = 0; i < 40; i++) f = fmaf(f, 1.0001f, 1e-7f) + sqrtf(f) * 1e-3f;
    printf("single: %a %.9g sinf %a expf %a\n", (double)f, (double)f, (double)sinf(f), (double)expf(f));
}

static void conversions(void) {
    const double ds[] = {2.5, -2.5, 3.5, 2147483647.7, -2147483648.9, 4294967295.5, 1e10, -1e10, -0.0, 0.49999999999999994};
    const int modes[] = {FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};
    const char *names[] = {"rne", "rtz", "rdn", "rup"};
    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        for (unsigned i = 0; i < sizeof ds / sizeof ds[0]; i++) {
            volatile double d = ds[i];
            volatile float narrowed = (float)(d / 3.0);
            long r = lrint(d);
            printf("%s %.17g: /3 %a narrowed %a lrint %ld\n", names[m], d, d / 3.0, (double)narrowed, r);
        }
        volatile int big = 16777217;
        printf("%s int->float %a\n", names[m], (double)(float)big);
    }
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double zero = 0, one = 1, huge = 1e308, small = 1e-308;
    volatile double r1 = one / zero, r2 = zero / zero, r3 = huge * 10, r4 = small / 1e10, r5 = one / 3;
    printf("flags after 1/0, 0/0, overflow, underflow, inexact: %d %d %d %d %d (%a %a %a %a %a)\n",
           fetestexcept(FE_DIVBYZERO) != 0, fetestexcept(FE_INVALID) != 0, fetestexcept(FE_OVERFLOW) != 0,
           fetestexcept(FE_UNDERFLOW) != 0, fetestexcept(FE_INEXACT) != 0, r1, r2, r3, r4, r5);
    volatile double nan = zero / zero;
    uint64_t bits;
    memcpy(&bits, (const void *)&nan, sizeof bits);
    printf("0/0 bits %016llx fmin(nan,1) %g fmax(-0,0) %g\n", (unsigned long long)bits, fmin(nan, 1.0), fmax(-0.0, 0.0));
    char text[64];
    snprintf(text, sizeof text, "%.3f %e %g", 3.14159265358979, 6.02214076e23, 1.0 / 81);
    printf("printf: %s strtod %a\n", text, strtod("0.1", NULL));
}

int main(int argc, char **argv) {
    int scale = argc > 1 ? atoi(argv[1]) : 1;
    if (scale < 1) scale = 1;
    matrix(40 * scale);
    nbody(2000 * scale);
    libm();
    conversions();
    return 0;
}
