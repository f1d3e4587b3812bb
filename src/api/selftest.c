/*
 * selftest.c - patina_self_test(): known-answer tests of the default provider, run through the
 * provider interface exactly as the protocol code uses it.  Cheap enough to run at start-up;
 * the demo runs it.  The exhaustive vector suites live in tests/unit/; this is the short list
 * that proves the linked libcrypto computes what the RFCs say.
 */
#include <stdio.h>
#include <string.h>

#include "base/compiler.h"
#include "base/mem.h"
#include "patina.h"
#include "provider/provider.h"

typedef struct selftest {
    void (*report)(void *userdata, const char *name, bool passed);
    void *userdata;
    bool all_passed;
} selftest;

static void check(selftest *t, const char *name, bool passed)
{
    if (!passed) {
        t->all_passed = false;
    }
    if (t->report != NULL) {
        t->report(t->userdata, name, passed);
    }
}

/* Decode a hex literal of known length into out (at most cap bytes); returns the length. */
static size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    for (; hex[0] != '\0' && hex[1] != '\0' && n < cap; hex += 2) {
        unsigned v;
        if (sscanf(hex, "%2x", &v) != 1) {
            break;
        }
        out[n++] = (uint8_t)v;
    }
    return n;
}

static bool eq_hex(const uint8_t *got, size_t len, const char *hex)
{
    uint8_t want[256];
    size_t n = unhex(hex, want, sizeof(want));
    return n == len && memcmp(got, want, len) == 0;
}

/* FIPS 180-4 examples: SHA-256("abc"), SHA-384("abc"). */
static void test_hashes(selftest *t, const pt_provider *p)
{
    uint8_t out[PT_HASH_MAX];
    pt_hash_digest(p->sha256, (const uint8_t *)"abc", 3, out);
    check(t, "SHA-256 (FIPS 180-4 \"abc\")", eq_hex(out, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    pt_hash_digest(p->sha384, (const uint8_t *)"abc", 3, out);
    check(t, "SHA-384 (FIPS 180-4 \"abc\")",
          eq_hex(out, 48,
                 "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"));
}

/* RFC 4231 test case 2 (HMAC), RFC 5869 test case 1 (HKDF-SHA256). */
static void test_hmac_hkdf(selftest *t, const pt_provider *p)
{
    uint8_t out[PT_HASH_MAX];
    pt_slice key = pt_slice_of("Jefe", 4);
    pt_slice msg = pt_slice_of("what do ya want for nothing?", 28);
    bool ok = pt_ok(p->sha256->hmac(key, &msg, 1, out)) &&
              eq_hex(out, 32, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    check(t, "HMAC-SHA-256 (RFC 4231 test case 2)", ok);
    /* The same message in two parts must give the same MAC. */
    pt_slice parts[2] = {pt_slice_of("what do ya ", 11), pt_slice_of("want for nothing?", 17)};
    ok = pt_ok(p->sha384->hmac(key, parts, 2, out)) &&
         eq_hex(out, 48,
                "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649");
    check(t, "HMAC-SHA-384 (RFC 4231 test case 2, in two parts)", ok);

    uint8_t ikm[22], salt[13], info[10], prk[PT_HASH_MAX], okm[42];
    memset(ikm, 0x0b, sizeof(ikm));
    for (size_t i = 0; i < sizeof(salt); i++) {
        salt[i] = (uint8_t)i;
    }
    for (size_t i = 0; i < sizeof(info); i++) {
        info[i] = (uint8_t)(0xf0 + i);
    }
    ok = pt_ok(p->sha256->hkdf_extract(pt_slice_of(salt, sizeof(salt)), pt_slice_of(ikm, sizeof(ikm)), prk)) &&
         eq_hex(prk, 32, "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5") &&
         pt_ok(p->sha256->hkdf_expand(pt_slice_of(prk, 32), pt_slice_of(info, sizeof(info)), okm, sizeof(okm))) &&
         eq_hex(okm, sizeof(okm), "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    check(t, "HKDF-SHA-256 (RFC 5869 test case 1)", ok);
    pt_wipe(prk, sizeof(prk));
}

typedef struct aead_kat {
    const char *name;
    uint16_t suite; /* a suite using this AEAD */
    const char *key, *nonce, *ad, *pt, *ct_tag;
} aead_kat;

static const char gcm_pt[] = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                             "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";

static const aead_kat aead_kats[] = {
    {"AES-128-GCM (GCM spec test case 3)", 0x1301, "feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888", "",
     gcm_pt,
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac"
     "973d58e091473f5985"
     "4d5c2af327cd64a62cf35abd2ba6fab4"},
    {"AES-256-GCM (GCM spec test case 15)", 0x1302,
     "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888", "", gcm_pt,
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a"
     "0abcc9f662898015ad"
     "b094dac5d93471bdec1a502270e3cc6c"},
    {"ChaCha20-Poly1305 (RFC 8439 section 2.8.2)", 0x1303,
     "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f", "070000004041424344454647",
     "50515253c0c1c2c3c4c5c6c7",
     /* "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it." */
     "4c616469657320616e642047656e746c656d656e206f662074686520636c617373206f66202739393a204966204920636f756c64206f"
     "6666657220796f75206f6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73637265656e20776f756c642062"
     "652069742e",
     "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b"
     "2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d2658"
     "6cec64b6116"
     "1ae10b594f09e26a7e902ecbd0600691"},
};

static bool run_aead_kat(const pt_aead *a, const aead_kat *k)
{
    uint8_t key[PT_AEAD_KEY_MAX], nonce[PT_AEAD_NONCE_LEN], ad[32], buf[160];
    PT_CTX_ALIGN uint8_t ctx[PT_AEAD_CTX_MAX];
    size_t key_len = unhex(k->key, key, sizeof(key));
    size_t nonce_len = unhex(k->nonce, nonce, sizeof(nonce));
    size_t ad_len = unhex(k->ad, ad, sizeof(ad));
    size_t pt_len = unhex(k->pt, buf, sizeof(buf));
    size_t out_len = 0;
    bool ok = false;

    if (key_len != a->key_len || nonce_len != a->nonce_len || pt_len + a->tag_len > sizeof(buf)) {
        return false;
    }
    memset(ctx, 0, sizeof(ctx));
    if (pt_failed(a->init(ctx, key))) {
        goto out;
    }
    if (pt_failed(a->seal(ctx, nonce, ad, ad_len, buf, pt_len)) || !eq_hex(buf, pt_len + a->tag_len, k->ct_tag)) {
        goto out;
    }
    if (pt_failed(a->open(ctx, nonce, ad, ad_len, buf, pt_len + a->tag_len, &out_len)) || out_len != pt_len ||
        !eq_hex(buf, pt_len, k->pt)) {
        goto out;
    }
    /* A flipped tag bit must be refused. */
    if (pt_failed(a->seal(ctx, nonce, ad, ad_len, buf, pt_len))) {
        goto out;
    }
    buf[pt_len] ^= 1;
    ok = pt_failed(a->open(ctx, nonce, ad, ad_len, buf, pt_len + a->tag_len, &out_len));
out:
    a->cleanup(ctx);
    pt_wipe(key, sizeof(key));
    return ok;
}

static void test_aeads(selftest *t, const pt_provider *p)
{
    for (size_t i = 0; i < PT_ARRAY_LEN(aead_kats); i++) {
        const pt_suite *s = pt_provider_find_suite(p, aead_kats[i].suite);
        check(t, aead_kats[i].name, s != NULL && run_aead_kat(s->aead, &aead_kats[i]));
    }
}

/* Pairwise consistency: two fresh key pairs of each group agree on the shared secret. */
static void test_groups(selftest *t, const pt_provider *p)
{
    for (const pt_kx_group *const *gp = p->groups; *gp != NULL; gp++) {
        const pt_kx_group *g = *gp;
        PT_CTX_ALIGN uint8_t a[PT_KX_CTX_MAX], b[PT_KX_CTX_MAX];
        uint8_t pa[PT_KX_PUB_MAX], pb[PT_KX_PUB_MAX], sa[PT_KX_SECRET_MAX], sb[PT_KX_SECRET_MAX];
        memset(a, 0, sizeof(a));
        memset(b, 0, sizeof(b));
        bool ok = pt_ok(g->keygen(a, pa)) && pt_ok(g->keygen(b, pb)) &&
                  pt_ok(g->derive(a, pt_slice_of(pb, g->pub_len), sa)) &&
                  pt_ok(g->derive(b, pt_slice_of(pa, g->pub_len), sb)) && pt_ct_eq(sa, sb, g->secret_len);
        g->cleanup(a);
        g->cleanup(b);
        pt_wipe(sa, sizeof(sa));
        pt_wipe(sb, sizeof(sb));
        char name[64];
        snprintf(name, sizeof(name), "%s key agreement (pairwise)", g->name);
        check(t, name, ok);
    }

    /* RFC 7748 section 6.1: an all-zero shared secret (here from the zero point) must be refused. */
    const pt_kx_group *x = pt_provider_find_group(p, PT_GROUP_X25519);
    if (x != NULL) {
        PT_CTX_ALIGN uint8_t c[PT_KX_CTX_MAX];
        uint8_t pub[PT_KX_PUB_MAX], zero[32], sec[PT_KX_SECRET_MAX];
        memset(c, 0, sizeof(c));
        memset(zero, 0, sizeof(zero));
        bool ok = pt_ok(x->keygen(c, pub)) && pt_failed(x->derive(c, pt_slice_of(zero, sizeof(zero)), sec));
        x->cleanup(c);
        check(t, "X25519 refuses an all-zero shared secret (RFC 7748 6.1)", ok);
    }
}

/* RFC 8032 section 7.1, TEST 1 (empty message), verified through a DER SubjectPublicKeyInfo. */
static void test_signatures(selftest *t, const pt_provider *p)
{
    uint8_t spki[44], sig[64];
    size_t spki_len = unhex("302a300506032b6570032100"
                            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                            spki, sizeof(spki));
    size_t sig_len = unhex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e3970"
                           "1cf9b46bd25bf5f0595bbe24655141438e7a100b",
                           sig, sizeof(sig));
    pt_pubkey *pk = NULL;
    bool ok = pt_ok(p->sig->pubkey_from_spki(pt_slice_of(spki, spki_len), &pk)) &&
              pt_ok(p->sig->verify(pk, PT_SIG_ED25519, PT_SLICE_EMPTY, pt_slice_of(sig, sig_len)));
    if (ok) {
        sig[10] ^= 0x40;
        ok = pt_failed(p->sig->verify(pk, PT_SIG_ED25519, PT_SLICE_EMPTY, pt_slice_of(sig, sig_len)));
    }
    p->sig->pubkey_free(pk);
    check(t, "Ed25519 verify (RFC 8032 7.1 test 1) and tamper", ok);
}

static void test_random(selftest *t, const pt_provider *p)
{
    uint8_t a[32], b[32];
    bool ok = pt_ok(p->random(a, sizeof(a))) && pt_ok(p->random(b, sizeof(b))) && memcmp(a, b, sizeof(a)) != 0;
    check(t, "random: two draws differ", ok);
}

PT_EXPORT rustls_result patina_self_test(void (*report)(void *userdata, const char *name, bool passed), void *userdata)
{
    selftest t = {report, userdata, true};
    const pt_provider *p = pt_default_provider();
    test_hashes(&t, p);
    test_hmac_hkdf(&t, p);
    test_aeads(&t, p);
    test_groups(&t, p);
    test_signatures(&t, p);
    test_random(&t, p);
    return t.all_passed ? (rustls_result)RUSTLS_RESULT_OK : (rustls_result)RUSTLS_RESULT_GENERAL;
}
