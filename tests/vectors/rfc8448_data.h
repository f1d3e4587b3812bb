/*
 * rfc8448_data.h - RFC 8448 "Example Handshake Traces for TLS 1.3" (https://www.rfc-editor.org/rfc/rfc8448),
 * sections 3 (Simple 1-RTT), 4 (Resumed 0-RTT) and 5 (HelloRetryRequest), as hex strings.
 *
 * Test data only.  Each value is the one printed in the RFC under the trace line named in its
 * comment ("{server}  derive secret ..." / "expanded", "key expanded", ...); handshake messages
 * are whole messages (type, uint24 length, body) as the trace's "construct a ... handshake
 * message" lines print them.  The values were transcribed from public copies of the RFC text
 * and cross-checked against each other before use: every secret here is reproduced from the
 * messages and the (EC)DHE inputs by the key schedule, so a transcription error shows up as a
 * test failure, not a false pass.  All three traces use TLS_AES_128_GCM_SHA256.
 */
#ifndef PT_TESTS_RFC8448_DATA_H
#define PT_TESTS_RFC8448_DATA_H

/* ---------------------------------------------------------------- section 3: Simple 1-RTT Handshake */

/* {client}  construct a ClientHello handshake message (196 octets) */
static const char RFC8448_S3_CH[] =
    "010000c00303cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece700000613011303130201"
    "0000910000000b0009000006736572766572ff01000100000a00140012001d0017001800190100010101020103010400"
    "230000003300260024001d002099381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c002b00"
    "03020304000d0020001e040305030603020308040805080604010501060102010402050206020202002d00020101001c"
    "00024001";

/* {server}  construct a ServerHello handshake message (90 octets) */
static const char RFC8448_S3_SH[] =
    "020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e2692800130100002e00330024"
    "001d0020c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f002b00020304";

/* {server}  construct an EncryptedExtensions handshake message (40 octets) */
static const char RFC8448_S3_EE[] = "080000240022000a00140012001d00170018001901000101010201030104001c0002400100000000";

/* {server}  construct a Certificate handshake message (445 octets) */
static const char RFC8448_S3_CERT[] =
    "0b0001b9000001b50001b0308201ac30820115a003020102020102300d06092a864886f70d01010b0500300e310c300a"
    "06035504031303727361301e170d3136303733303031323335395a170d3236303733303031323335395a300e310c300a"
    "0603550403130372736130819f300d06092a864886f70d010101050003818d0030818902818100b4bb498f8279303d98"
    "0836399b36c6988c0c68de55e1bdb826d3901a2461eafd2de49a91d015abbc9a95137ace6c1af19eaa6af98c7ced4312"
    "0998e187a80ee0ccb0524b1b018c3e0b63264d449a6d38e22a5fda430846748030530ef0461c8ca9d9efbfae8ea6d1d0"
    "3e2bd193eff0ab9a8002c47428a6d35a8d88d79f7f1e3f0203010001a31a301830090603551d1304023000300b060355"
    "1d0f0404030205a0300d06092a864886f70d01010b05000381810085aad2a0e5b9276b908c65f73a7267170618a54c5f"
    "8a7b337d2df7a594365417f2eae8f8a58c8f8172f9319cf36b7fd6c55b80f21a03015156726096fd335e5e67f2dbf102"
    "702e608ccae6bec1fc63a42a99be5c3eb7107c3c54e9b9eb2bd5203b1c3b84e0a8b2f759409ba3eac9d91d402dcc0cc8"
    "f8961229ac9187b42b4de10000";

/* {server}  construct a CertificateVerify handshake message (136 octets) */
static const char RFC8448_S3_CV[] =
    "0f000084080400805a747c5d88fa9bd2e55ab085a61015b7211f824cd484145ab3ff52f1fda8477b0b7abc90db78e2d3"
    "3a5c141a078653fa6bef780c5ea248eeaaa785c4f394cab6d30bbe8d4859ee511f602957b15411ac027671459e46445c"
    "9ea58c181e818e95b8c3fb0bf3278409d3be152a3da5043e063dda65cdf5aea20d53dfacd42f74f3";

/* {server}  construct a Finished handshake message (36 octets) */
static const char RFC8448_S3_SFIN[] = "140000209b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718";

/* {client}  construct a Finished handshake message (36 octets) */
static const char RFC8448_S3_CFIN[] = "14000020a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61";

/* {server}  construct a NewSessionTicket handshake message (205 octets) */
static const char RFC8448_S3_NST[] =
    "040000c90000001efad6aac502000000b22c035d829359ee5ff7af4ec900000000262a6494dc486d2c8a34cb33fa90bf"
    "1b0070ad3c498883c9367c09a2be785abc55cd226097a3a982117283f82a03a143efd3ff5dd36d64e861be7fd61d2827"
    "db279cce145077d454a3664d4e6da4d29ee03725a6a4dafcd0fc67d2aea70529513e3da2677fa5906c5b3f7d8f92f228"
    "bda40dda721470f9fbf297b5aea617646fac5c03272e970727c621a79141ef5f7de6505e5bfbc388e93343694093934a"
    "e4d3570008002a000400000400";

/* {server}  extract secret "handshake": IKM (the x25519 shared secret) (32 octets) */
static const char RFC8448_S3_ECDHE[] = "8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d";

/* {server}  extract secret "early": secret (32 octets) */
static const char RFC8448_S3_EARLY[] = "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a";

/* {server}  derive secret for handshake "tls13 derived": expanded (32 octets) */
static const char RFC8448_S3_DERIVED_HS[] = "6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba";

/* {server}  extract secret "handshake": secret (32 octets) */
static const char RFC8448_S3_HS[] = "1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac";

/* {server}  derive secret "tls13 c hs traffic": hash (32 octets) */
static const char RFC8448_S3_TH_CH_SH[] = "860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8";

/* {server}  derive secret "tls13 c hs traffic": expanded (32 octets) */
static const char RFC8448_S3_C_HS[] = "b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21";

/* {server}  derive secret "tls13 s hs traffic": expanded (32 octets) */
static const char RFC8448_S3_S_HS[] = "b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38";

/* {server}  derive secret for master "tls13 derived": expanded (32 octets) */
static const char RFC8448_S3_DERIVED_MS[] = "43de77e0c77713859a944db9db2590b53190a65b3ee2e4f12dd7a0bb7ce254b4";

/* {server}  extract secret "master": secret (32 octets) */
static const char RFC8448_S3_MASTER[] = "18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919";

/* {server}  derive write traffic keys for handshake data: key expanded (16 octets) */
static const char RFC8448_S3_S_HS_KEY[] = "3fce516009c21727d0f2e4e86ee403bc";

/* {server}  derive write traffic keys for handshake data: iv expanded (12 octets) */
static const char RFC8448_S3_S_HS_IV[] = "5d313eb2671276ee13000b30";

/* {server}  derive read traffic keys for handshake data: key expanded (16 octets) */
static const char RFC8448_S3_C_HS_KEY[] = "dbfaa693d1762c5b666af5d950258d01";

/* {server}  derive read traffic keys for handshake data: iv expanded (12 octets) */
static const char RFC8448_S3_C_HS_IV[] = "5bd3c71b836e0b76bb73265f";

/* {server}  calculate finished "tls13 finished": expanded (32 octets) */
static const char RFC8448_S3_S_FIN_KEY[] = "008d3b66f816ea559f96b537e885c31fc068bf492c652f01f288a1d8cdc19fc8";

/* {server}  calculate finished "tls13 finished": finished (32 octets) */
static const char RFC8448_S3_S_VERIFY[] = "9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718";

/* {server}  derive secret "tls13 c ap traffic": hash (32 octets) */
static const char RFC8448_S3_TH_CH_SF[] = "9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13";

/* {server}  derive secret "tls13 c ap traffic": expanded (32 octets) */
static const char RFC8448_S3_C_AP[] = "9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5";

/* {server}  derive secret "tls13 s ap traffic": expanded (32 octets) */
static const char RFC8448_S3_S_AP[] = "a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643";

/* {server}  derive secret "tls13 exp master": expanded (32 octets) */
static const char RFC8448_S3_EXP_MASTER[] = "fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50";

/* {server}  derive write traffic keys for application data: key expanded (16 octets) */
static const char RFC8448_S3_S_AP_KEY[] = "9f02283b6c9c07efc26bb9f2ac92e356";

/* {server}  derive write traffic keys for application data: iv expanded (12 octets) */
static const char RFC8448_S3_S_AP_IV[] = "cf782b88dd83549aadf1e984";

/* {client}  calculate finished "tls13 finished": expanded (32 octets) */
static const char RFC8448_S3_C_FIN_KEY[] = "b80ad01015fb2f0bd65ff7d4da5d6bf83f84821d1f87fdc7d3c75b5a7b42d9c4";

/* {client}  calculate finished "tls13 finished": finished (32 octets) */
static const char RFC8448_S3_C_VERIFY[] = "a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61";

/* {client}  derive write traffic keys for application data: key expanded (16 octets) */
static const char RFC8448_S3_C_AP_KEY[] = "17422dda596ed5d9acd890e3c63f5051";

/* {client}  derive write traffic keys for application data: iv expanded (12 octets) */
static const char RFC8448_S3_C_AP_IV[] = "5b78923dee08579033e523d9";

/* {client}  derive secret "tls13 res master": hash (32 octets) */
static const char RFC8448_S3_TH_CH_CF[] = "209145a96ee8e2a122ff810047cc952684658d6049e86429426db87c54ad143d";

/* {client}  derive secret "tls13 res master": expanded (32 octets) */
static const char RFC8448_S3_RES_MASTER[] = "7df235f2031d2a051287d02b0241b0bfdaf86cc856231f2d5aba46c434ec196c";

/* {server}  generate resumption secret "tls13 resumption": hash (the ticket nonce) (2 octets) */
static const char RFC8448_S3_NONCE[] = "0000";

/* {server}  generate resumption secret "tls13 resumption": expanded (32 octets) */
static const char RFC8448_S3_PSK[] = "4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3";

/* ---------------------------------------------------------------- section 4: Resumed 0-RTT Handshake */

/* {client}  send handshake record: payload (the ClientHello with its binder) (512 octets) */
static const char RFC8448_S4_CH[] =
    "010001fc03031bc3ceb6bbe39cff938355b5a50adb6db21b7a6af649d7b4bc419d7876487d9500000613011303130201"
    "0001cd0000000b0009000006736572766572ff01000100000a00140012001d0017001800190100010101020103010400"
    "3300260024001d0020e4ffb68ac05f8d96c99da26698346c6be16482badddafe051a66b4f18d668f0b002a0000002b00"
    "03020304000d0020001e040305030603020308040805080604010501060102010402050206020202002d00020101001c"
    "000240010015005700000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "2900dd00b800b22c035d829359ee5ff7af4ec900000000262a6494dc486d2c8a34cb33fa90bf1b0070ad3c498883c936"
    "7c09a2be785abc55cd226097a3a982117283f82a03a143efd3ff5dd36d64e861be7fd61d2827db279cce145077d454a3"
    "664d4e6da4d29ee03725a6a4dafcd0fc67d2aea70529513e3da2677fa5906c5b3f7d8f92f228bda40dda721470f9fbf2"
    "97b5aea617646fac5c03272e970727c621a79141ef5f7de6505e5bfbc388e93343694093934ae4d357fad6aacb002120"
    "3add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d";

/* {server}  construct a ServerHello handshake message (96 octets) */
static const char RFC8448_S4_SH[] =
    "0200005c03033ccfd2dec890222763472ae8136777c9d7358777bb66e91ea5122495f559ea2d00130100003400290002"
    "000000330024001d0020121761ee42c333e1b9e77b60dd57c2053cd94512ab47f115e86eff50942cea31002b00020304";

/* {server}  construct an EncryptedExtensions handshake message (44 octets) */
static const char RFC8448_S4_EE[] =
    "080000280026000a00140012001d00170018001901000101010201030104001c0002400100000000002a0000";

/* {server}  construct a Finished handshake message (36 octets) */
static const char RFC8448_S4_SFIN[] = "1400002048d3e0e1b3d907c6acff145e16090388c77b05c050b634ab1a88bbd0dd1a34b2";

/* {client}  construct an EndOfEarlyData handshake message (4 octets) */
static const char RFC8448_S4_EOED[] = "05000000";

/* {client}  construct a Finished handshake message (36 octets) */
static const char RFC8448_S4_CFIN[] = "140000207230a9c952c25cd6138fc5e6628308c41c5335dd81b9f96bcea50fd32bda416d";

/* {client}  calculate PSK binder: "ClientHello prefix" is the first 477 octets of RFC8448_S4_CH. */
#define RFC8448_S4_CH_TRUNCATED_LEN 477

/* {client}  extract secret "early": secret (IKM is RFC8448_S3_PSK) (32 octets) */
static const char RFC8448_S4_EARLY[] = "9b2188e9b2fc6d64d71dc329900e20bb41915000f678aa839cbb797cb7d8332c";

/* {client}  calculate PSK binder: binder hash (32 octets) */
static const char RFC8448_S4_BINDER_HASH[] = "63224b2e4573f2d3454ca84b9d009a04f6be9e05711a8396473aefa01e924a14";

/* {client}  calculate PSK binder: PRK (the "res binder" binder_key) (32 octets) */
static const char RFC8448_S4_BINDER_KEY[] = "69fe131a3bbad5d63c64eebcc30e395b9d8107726a13d074e389dbc8a4e47256";

/* {client}  calculate PSK binder: expanded (finished key from the binder_key) (32 octets) */
static const char RFC8448_S4_BINDER_FIN_KEY[] = "5588673e72cb59c87d220caffe94f2dea9a3b1609f7d50e90a48227db9ed7eaa";

/* {client}  calculate PSK binder: finished (the binder) (32 octets) */
static const char RFC8448_S4_BINDER[] = "3add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d";

/* {client}  derive secret "tls13 c e traffic": hash (32 octets) */
static const char RFC8448_S4_TH_CH[] = "08ad0fa05d7c7233b1775ba2ff9f4c5b8b59276b7f227f13a976245f5d960913";

/* {client}  derive secret "tls13 c e traffic": expanded (32 octets) */
static const char RFC8448_S4_C_E[] = "3fbbe6a60deb66c30a32795aba0eff7eaa10105586e7be5c09678d63b6caab62";

/* {client}  derive secret "tls13 e exp master": expanded (32 octets) */
static const char RFC8448_S4_E_EXP[] = "b2026866610937d7423e5be90862ccf24c0e6091186d34f812089ff5be2ef7df";

/* {client}  derive write traffic keys for early application data: key expanded (16 octets) */
static const char RFC8448_S4_EARLY_KEY[] = "920205a5b7bf2115e6fc5c2942834f54";

/* {client}  derive write traffic keys for early application data: iv expanded (12 octets) */
static const char RFC8448_S4_EARLY_IV[] = "6d475f0993c8e564610db2b9";

/* {server}  extract secret "handshake": IKM (the x25519 shared secret) (32 octets) */
static const char RFC8448_S4_ECDHE[] = "f44194756ff9ec9d25180635d66ea6824c6ab3bf179977be37f723570e7ccb2e";

/* {server}  derive write traffic keys for handshake data: key expanded (16 octets) */
static const char RFC8448_S4_S_HS_KEY[] = "27c6bdc0a3dcea39a47326d79bc9e4ee";

/* {server}  derive write traffic keys for handshake data: iv expanded (12 octets) */
static const char RFC8448_S4_S_HS_IV[] = "9569ecdd4d0536705e9ef725";

/* {client}  derive write traffic keys for application data: key expanded (16 octets) */
static const char RFC8448_S4_C_AP_KEY[] = "3cf122f301c6358ca7989553250efd72";

/* {client}  derive write traffic keys for application data: iv expanded (12 octets) */
static const char RFC8448_S4_C_AP_IV[] = "ab1aec26aa78b8fc1176b9ac";

/* ---------------------------------------------------------------- section 5: HelloRetryRequest */

/* {client}  construct a ClientHello handshake message (the first) (180 octets) */
static const char RFC8448_S5_CH1[] =
    "010000b00303b0b1c5a5aa37c5919f2ed1d5c6fff7fcb7849716945a2b8cee9258a346677b6f00000613011303130201"
    "0000810000000b0009000006736572766572ff01000100000a00080006001d00170018003300260024001d0020e8e8e3"
    "f3b93a25ed97a14a7dcacb8a272c6288e585c6484d05262fcad062ad1f002b0003020304000d0020001e040305030603"
    "020308040805080604010501060102010402050206020202002d00020101001c00024001";

/* {server}  construct a HelloRetryRequest (a ServerHello) handshake message (176 octets) */
static const char RFC8448_S5_HRR[] =
    "020000ac0303cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c00130100008400330002"
    "0017002c0074007271dcd04bb88bc3189119398a00000000eefafc76c146b823b096f8aacad365dd0030953f4edf6256"
    "36e5f21bb2e23fcc654b1b5b40318d10d137abcbb87574e36e8a1f025f7dfa5d6e50781b5eda4aa15b0c8be778257d16"
    "aa3030e9e7841dd9e4c0342267e8ca0caf571fb2b7cff0f934b0002b00020304";

/* {client}  construct a ClientHello handshake message (the second) (512 octets) */
static const char RFC8448_S5_CH2[] =
    "010001fc0303b0b1c5a5aa37c5919f2ed1d5c6fff7fcb7849716945a2b8cee9258a346677b6f00000613011303130201"
    "0001cd0000000b0009000006736572766572ff01000100000a00080006001d001700180033004700450017004104a6da"
    "7392ec591e17abfd535964b99894d13befb221b3def2ebe3830eac8f0151812677c4d6d2237e85cf01d6910cfb83954e"
    "76ba7352830534159897e8065780002b0003020304000d0020001e040305030603020308040805080604010501060102"
    "010402050206020202002c0074007271dcd04bb88bc3189119398a00000000eefafc76c146b823b096f8aacad365dd00"
    "30953f4edf625636e5f21bb2e23fcc654b1b5b40318d10d137abcbb87574e36e8a1f025f7dfa5d6e50781b5eda4aa15b"
    "0c8be778257d16aa3030e9e7841dd9e4c0342267e8ca0caf571fb2b7cff0f934b0002d00020101001c00024001001500"
    "af0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000";

/* {server}  construct a ServerHello handshake message (123 octets) */
static const char RFC8448_S5_SH[] =
    "020000770303bb341d847fd789c47c387172dc0c9bf147fccacb5043d86ca4c598d3ff571b9800130100004f00330045"
    "0017004104583e054b7a66672ae020ad9d2686fcc85b5ad41a134a0f03ee72b893052bd85b4c8de6776f5b04ac07d835"
    "40eab3e3d9c547bc6528c4317d294686093a6cad7d002b00020304";

/* {server}  construct an EncryptedExtensions handshake message (28 octets) */
static const char RFC8448_S5_EE[] = "080000180016000a0008000600170018001d001c0002400100000000";

/* {server}  construct a Certificate handshake message (445 octets) */
static const char RFC8448_S5_CERT[] =
    "0b0001b9000001b50001b0308201ac30820115a003020102020102300d06092a864886f70d01010b0500300e310c300a"
    "06035504031303727361301e170d3136303733303031323335395a170d3236303733303031323335395a300e310c300a"
    "0603550403130372736130819f300d06092a864886f70d010101050003818d0030818902818100b4bb498f8279303d98"
    "0836399b36c6988c0c68de55e1bdb826d3901a2461eafd2de49a91d015abbc9a95137ace6c1af19eaa6af98c7ced4312"
    "0998e187a80ee0ccb0524b1b018c3e0b63264d449a6d38e22a5fda430846748030530ef0461c8ca9d9efbfae8ea6d1d0"
    "3e2bd193eff0ab9a8002c47428a6d35a8d88d79f7f1e3f0203010001a31a301830090603551d1304023000300b060355"
    "1d0f0404030205a0300d06092a864886f70d01010b05000381810085aad2a0e5b9276b908c65f73a7267170618a54c5f"
    "8a7b337d2df7a594365417f2eae8f8a58c8f8172f9319cf36b7fd6c55b80f21a03015156726096fd335e5e67f2dbf102"
    "702e608ccae6bec1fc63a42a99be5c3eb7107c3c54e9b9eb2bd5203b1c3b84e0a8b2f759409ba3eac9d91d402dcc0cc8"
    "f8961229ac9187b42b4de10000";

/* {server}  construct a CertificateVerify handshake message (136 octets) */
static const char RFC8448_S5_CV[] =
    "0f0000840804008033ab13d4462707231b5dcae6c8190b63d1dabc74f28c395370da0b07e5b83066d0246a31acd95df4"
    "75bfd799a4a70d33ad93d3a317a9b2c0d237a5685b219e774112e391a247607d1aeff1bbd0a39f382ee1a5fe88ae99ec"
    "59228e6497e45d48ce275a6d5ef40d169fb6f9d33b052ed3dcdd6b5a48baafffbcb290128415bd38";

/* {server}  construct a Finished handshake message (36 octets) */
static const char RFC8448_S5_SFIN[] = "140000208863e6bfb0420a927fa27f34336a70ae426e968e3eb884945b96856dba3976d1";

/* {client}  construct a Finished handshake message (36 octets) */
static const char RFC8448_S5_CFIN[] = "1400002023f52fdb0709a55bd7f79b991f25484087bcfd4d4380b12326a52a28b2e368e1";

/* {server}  extract secret "handshake": IKM (the P-256 shared secret) (32 octets) */
static const char RFC8448_S5_ECDHE[] = "c142ce13ca11b5c2233652e63ad3d97844f1621fbfb9de69d547dc8fedeabeb4";

/* {server}  extract secret "handshake": secret (32 octets) */
static const char RFC8448_S5_HS[] = "ce022e5e6e81e50736d773f2d3adfce8220d049bf510f0dbfac927ef4243b148";

/* {server}  derive secret "tls13 c hs traffic": hash (32 octets) */
static const char RFC8448_S5_TH_CH_SH[] = "8aa8e828ec2f8a884fec95a3139de01c15a3daa7ff5bfc3f4bfcc21b438d7bf8";

/* {server}  derive secret "tls13 c hs traffic": expanded (32 octets) */
static const char RFC8448_S5_C_HS[] = "158aa7ab8855073582b41d674b4055cabcc534728f659314861b4e08e2011566";

/* {server}  derive secret "tls13 s hs traffic": expanded (32 octets) */
static const char RFC8448_S5_S_HS[] = "3403e781e2af7b6508da28574f6e95a1abf162de83a97927c37672a4a0cef8a1";

/* {server}  extract secret "master": secret (32 octets) */
static const char RFC8448_S5_MASTER[] = "1131545d0baf79ddce9b87f06945781a57dd18ef378dcd2060f8f9a569027ed8";

/* {server}  derive write traffic keys for handshake data: key expanded (16 octets) */
static const char RFC8448_S5_S_HS_KEY[] = "4646bfac1712c426cd78d8a24a8a6f6b";

/* {server}  derive write traffic keys for handshake data: iv expanded (12 octets) */
static const char RFC8448_S5_S_HS_IV[] = "c7d395c08d62f297d13768ea";

/* {server}  derive read traffic keys for handshake data: key expanded (16 octets) */
static const char RFC8448_S5_C_HS_KEY[] = "2f1f918663d590e7421149a29d94b0b6";

/* {server}  derive read traffic keys for handshake data: iv expanded (12 octets) */
static const char RFC8448_S5_C_HS_IV[] = "414d5485235e1a688793bd74";

/* {server}  calculate finished "tls13 finished": expanded (32 octets) */
static const char RFC8448_S5_S_FIN_KEY[] = "e7f8bb3ea4b6c30c4710b3d09c3313658117e70b097e850368e2510ca5631f74";

/* {server}  derive secret "tls13 c ap traffic": hash (32 octets) */
static const char RFC8448_S5_TH_CH_SF[] = "50f63cbf36b0dd049e7a0ba27d6455745ea2aaac54bb167f9950b2b7ce9509da";

/* {server}  derive secret "tls13 c ap traffic": expanded (32 octets) */
static const char RFC8448_S5_C_AP[] = "75ecf4b972525aa0dcd057c9944d4cd5d82671d8843141d7dc2a4ff15a21dc51";

/* {server}  derive secret "tls13 s ap traffic": expanded (32 octets) */
static const char RFC8448_S5_S_AP[] = "5c74f87df04225db0f8209c9de6429e49435fdefa7cad61864874d12f31cfc8d";

/* {server}  derive secret "tls13 exp master": expanded (32 octets) */
static const char RFC8448_S5_EXP_MASTER[] = "7c06d3ae106a3a374ace4837b3985cac67780a6e2c5c04b58319d584df09d223";

/* {server}  derive write traffic keys for application data: key expanded (16 octets) */
static const char RFC8448_S5_S_AP_KEY[] = "f27a5d97bd25550c4823b0f3e5d29388";

/* {server}  derive write traffic keys for application data: iv expanded (12 octets) */
static const char RFC8448_S5_S_AP_IV[] = "0dd631f7b71cbbc797c35fe7";

/* {client}  calculate finished "tls13 finished": expanded (32 octets) */
static const char RFC8448_S5_C_FIN_KEY[] = "81be4131fbb9b6f4471450846f74fd1e68c5224ba7c2a8677f5c53ad226fdc13";

/* {client}  derive write traffic keys for application data: key expanded (16 octets) */
static const char RFC8448_S5_C_AP_KEY[] = "a7eb2a0525eb4331d58fcbf9f7ca2e9c";

/* {client}  derive write traffic keys for application data: iv expanded (12 octets) */
static const char RFC8448_S5_C_AP_IV[] = "86e8be227c1bd2b3e39cb444";

/* {client}  derive secret "tls13 res master": hash (32 octets) */
static const char RFC8448_S5_TH_CH_CF[] = "0e8b349158b855fdcd0c11dbbc4e83e43caa6e483c6c65df53151888e50165f4";

#endif
