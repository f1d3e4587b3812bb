/* compiler.h - attributes and small portability helpers shared by all of patina. */
#ifndef PT_BASE_COMPILER_H
#define PT_BASE_COMPILER_H

#if defined(__GNUC__) || defined(__clang__)
#define PT_MUST_USE __attribute__((warn_unused_result))
#define PT_EXPORT __attribute__((visibility("default")))
#define PT_UNUSED __attribute__((unused))
#define PT_LIKELY(x) __builtin_expect(!!(x), 1)
#define PT_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define PT_MUST_USE
#define PT_EXPORT
#define PT_UNUSED
#define PT_LIKELY(x) (x)
#define PT_UNLIKELY(x) (x)
#endif

#define PT_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
