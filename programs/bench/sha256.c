/*
 * sha256.c - SHA-256 (FIPS 180-4) over generated data: 32-bit rotates,
 * shifts, xors and adds, no multiplication.
 *
 * Size: number of rounds (default 16, range 1..1000). A 4 MiB buffer of
 * pseudo-random data is generated once; each round hashes the previous
 * round's digest followed by the whole buffer. First checks the FIPS
 * 180-4 example digest of "abc" (exits 1 if it is wrong). Prints the
 * final digest and a checksum (its first word).
 */
#include <string.h>

#include "bench.h"

struct sha256 {
	uint32_t h[8];
	uint8_t block[64];
	uint32_t used;   /* bytes in block */
	uint64_t length; /* total bytes */
};

static const uint32_t k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t
ror(uint32_t x, int n)
{
	return (x >> n) | (x << (32 - n));
}

static void
compress(struct sha256 *s, const uint8_t *p)
{
	uint32_t w[64];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3];
	uint32_t e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) +
			      ((e & f) ^ (~e & g)) + k[i] + w[i];
		uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) +
			      ((a & b) ^ (a & c) ^ (b & c));
		h = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	s->h[0] += a;
	s->h[1] += b;
	s->h[2] += c;
	s->h[3] += d;
	s->h[4] += e;
	s->h[5] += f;
	s->h[6] += g;
	s->h[7] += h;
}

static void
sha256_init(struct sha256 *s)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	memcpy(s->h, iv, sizeof(iv));
	s->used = 0;
	s->length = 0;
}

static void
sha256_update(struct sha256 *s, const uint8_t *p, size_t len)
{
	s->length += len;
	while (len > 0) {
		if (s->used == 0 && len >= 64) {
			compress(s, p);
			p += 64;
			len -= 64;
			continue;
		}
		size_t take = 64 - s->used < len ? 64 - s->used : len;
		memcpy(s->block + s->used, p, take);
		s->used += (uint32_t)take;
		p += take;
		len -= take;
		if (s->used == 64) {
			compress(s, s->block);
			s->used = 0;
		}
	}
}

static void
sha256_final(struct sha256 *s, uint8_t out[32])
{
	uint64_t bits = s->length * 8;
	uint8_t pad[72] = {0x80};
	size_t padlen = (s->used < 56 ? 56 : 120) - s->used;
	for (int i = 0; i < 8; i++)
		pad[padlen + i] = (uint8_t)(bits >> (56 - 8 * i));
	sha256_update(s, pad, padlen + 8);
	for (int i = 0; i < 8; i++)
		for (int j = 0; j < 4; j++)
			out[4 * i + j] = (uint8_t)(s->h[i] >> (24 - 8 * j));
}

int
main(int argc, char **argv)
{
	long rounds = bench_size(argc, argv, 16, 1, 1000);

	/* FIPS 180-4, example "abc". */
	static const uint8_t abc_digest[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
		0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
		0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
	};
	struct sha256 s;
	uint8_t digest[32];
	sha256_init(&s);
	sha256_update(&s, (const uint8_t *)"abc", 3);
	sha256_final(&s, digest);
	if (memcmp(digest, abc_digest, 32) != 0) {
		printf("sha256: self-test FAILED\n");
		return 1;
	}

	static uint32_t data[1024 * 1024]; /* 4 MiB */
	uint32_t rng = 0x12345678u;
	for (size_t i = 0; i < sizeof(data) / sizeof(data[0]); i++)
		data[i] = bench_random(&rng);
	memset(digest, 0, sizeof(digest));
	for (long r = 0; r < rounds; r++) {
		sha256_init(&s);
		sha256_update(&s, digest, sizeof(digest));
		sha256_update(&s, (const uint8_t *)data, sizeof(data));
		sha256_final(&s, digest);
	}
	printf("sha256: ");
	for (int i = 0; i < 32; i++)
		printf("%02x", digest[i]);
	printf("\n");
	bench_report("sha256", rounds,
		     (uint32_t)digest[0] << 24 | (uint32_t)digest[1] << 16 |
			     (uint32_t)digest[2] << 8 | digest[3]);
	return 0;
}
