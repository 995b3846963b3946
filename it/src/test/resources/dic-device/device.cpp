/*
 * A DIC lighting device for the end-to-end test, written for thingcore (no firmware code): it is built with the
 * dic_config.h and dic_nvm_cert.cpp that `thingcore dic provision` writes and connects the way the DIC firmware does.
 *
 * - Configuration only through the generated files: DICGetHostname, DICGetClientId, DICGetCACertificate,
 *   DICGetDeviceCertificate and DICGetDevicePrivKey into buffers of the DIC_*_LENGTH sizes, as the DIC task does
 *   (connectedhomeip examples/platform/silabs/DIC/matter_abs_interface/src/dic.cpp @242e2263), and
 *   DIC_SERVER_PORT, DIC_KEEP_ALIVE, DIC_CLIENT_USER / DIC_CLIENT_PASS, MQTT_SUBSCRIBE_TOPIC and MQTT_QOS_0 from
 *   dic_config.h.
 * - TLS as the firmware's lwIP altcp_tls_mbedtls.c configures mbedTLS (SiliconLabs/matter_extension
 *   third_party/mqtt/.../altcp_tls_mbedtls.c @c5101e30; connectedhomeip third_party/silabs/mqtt/... @2cf6f3a): the
 *   default preset, MBEDTLS_SSL_VERIFY_REQUIRED against ca_certificate alone, the device certificate and key, and
 *   the firmware's cipher suite list, which holds only TLS 1.2 suites (pinned to 1.2 here). No
 *   mbedtls_ssl_set_hostname: connection_new in MQTT_transport.c (connectedhomeip @2cf6f3a, matter_extension
 *   @c5101e30) never calls it, so no SNI is sent and the certificate's host name is not checked.
 * - MQTT 3.1.1 as the firmware's lwIP mqtt.c speaks it: CONNECT with clean session, keep-alive DIC_KEEP_ALIVE, no
 *   will, no user or password; SUBSCRIBE MQTT_SUBSCRIBE_TOPIC at MQTT_QOS_0; PUBLISH at QoS 0, retain 0; every
 *   incoming PUBLISH is a command (one inpub callback, dic.cpp @242e2263).
 *
 * It publishes light/state on, and on the command "toggle" publishes light/state off, as the lighting app answers
 * a toggle, then closes. Each step is one line on stdout for the test.
 */
#include "dic_config.h"

#include <lib/core/CHIPError.h>

#include "dic_nvm_cert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

namespace {

// The firmware's suite list, in its order.
const int kCipherSuites[] = {
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
    0,
};

// How long a read may wait: the test fails rather than hangs.
const uint32_t kReadTimeoutMs = 30000;

const uint8_t kConnect   = 0x10;
const uint8_t kConnack   = 0x20;
const uint8_t kPublish   = 0x30;
const uint8_t kSubscribe = 0x82; // type 8 with the reserved flags 0010 (MQTT 3.1.1 3.8.1)
const uint8_t kSuback    = 0x90;

int fail(const char * what, int ret)
{
    char text[160];
    mbedtls_strerror(ret, text, sizeof text);
    printf("error %s: -0x%04x %s\n", what, (unsigned) -ret, text);
    return 1;
}

struct Connection
{
    mbedtls_net_context net;
    mbedtls_ssl_context ssl;
};

int write_all(Connection & c, const uint8_t * data, size_t length)
{
    while (length > 0)
    {
        int n = mbedtls_ssl_write(&c.ssl, data, length);
        if (n == MBEDTLS_ERR_SSL_WANT_READ || n == MBEDTLS_ERR_SSL_WANT_WRITE)
        {
            continue;
        }
        if (n < 0)
        {
            return n;
        }
        data += n;
        length -= (size_t) n;
    }
    return 0;
}

int read_all(Connection & c, uint8_t * data, size_t length)
{
    while (length > 0)
    {
        int n = mbedtls_ssl_read(&c.ssl, data, length);
        if (n == MBEDTLS_ERR_SSL_WANT_READ || n == MBEDTLS_ERR_SSL_WANT_WRITE)
        {
            continue;
        }
        if (n == 0)
        {
            return MBEDTLS_ERR_NET_CONN_RESET;
        }
        if (n < 0)
        {
            return n;
        }
        data += n;
        length -= (size_t) n;
    }
    return 0;
}

// An MQTT packet: the first byte of its fixed header and its variable header plus payload.
struct Packet
{
    uint8_t header;
    uint8_t body[2048];
    size_t length;
};

int read_packet(Connection & c, Packet & packet)
{
    int ret = read_all(c, &packet.header, 1);
    if (ret != 0)
    {
        return ret;
    }
    size_t remaining = 0;
    for (int shift = 0; shift <= 21; shift += 7)
    {
        uint8_t digit;
        ret = read_all(c, &digit, 1);
        if (ret != 0)
        {
            return ret;
        }
        remaining |= (size_t) (digit & 0x7f) << shift;
        if ((digit & 0x80) == 0)
        {
            break;
        }
    }
    if (remaining > sizeof packet.body)
    {
        printf("error packet too long: %zu\n", remaining);
        return MBEDTLS_ERR_SSL_BAD_INPUT_DATA;
    }
    packet.length = remaining;
    return read_all(c, packet.body, remaining);
}

// Appends the fixed header for a body of `length` bytes; returns its size.
size_t fixed_header(uint8_t * out, uint8_t header, size_t length)
{
    size_t n = 0;
    out[n++] = header;
    do
    {
        uint8_t digit = (uint8_t) (length % 128);
        length /= 128;
        out[n++]      = (uint8_t) (digit | (length > 0 ? 0x80 : 0));
    } while (length > 0);
    return n;
}

size_t put_string(uint8_t * out, const char * text, size_t length)
{
    out[0] = (uint8_t) (length >> 8);
    out[1] = (uint8_t) length;
    memcpy(out + 2, text, length);
    return 2 + length;
}

int send_packet(Connection & c, uint8_t header, const uint8_t * body, size_t length)
{
    uint8_t packet[2048 + 5];
    size_t n = fixed_header(packet, header, length);
    memcpy(packet + n, body, length);
    return write_all(c, packet, n + length);
}

int publish(Connection & c, const char * topic, const char * payload)
{
    uint8_t body[512];
    size_t n = put_string(body, topic, strlen(topic));
    memcpy(body + n, payload, strlen(payload));
    n += strlen(payload);
    // QoS MQTT_QOS_0 and retain 0, as dic_sendmsg's mqtt_publish(..., MQTT_QOS_0, 0, ...).
    uint8_t header = (uint8_t) (kPublish | (MQTT_QOS_0 << 1));
    int ret        = send_packet(c, header, body, n);
    if (ret == 0)
    {
        printf("published %s %s\n", topic, payload);
    }
    return ret;
}

bool get(const char * name, CHIP_ERROR error, const char * buf, size_t size)
{
    if (error != CHIP_NO_ERROR || size == 0 || buf[size - 1] != '\0')
    {
        printf("error %s: the accessor failed\n", name);
        return false;
    }
    return true;
}

} // namespace

int main()
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    // The DIC task's buffers and accessor calls.
    char ca_cert_buf[DIC_CA_CERT_LENGTH] = { 0 };
    char cert_buf[DIC_DEV_CERT_LENGTH]   = { 0 };
    char key_buf[DIC_DEV_KEY_LENGTH]     = { 0 };
    char hostname[DIC_HOSTNAME_LENGTH]   = { 0 };
    char clientID[DIC_CLIENTID_LENGTH]   = { 0 };
    size_t ca_cert_length = 0, cert_length = 0, key_length = 0, hostname_length = 0, client_id_length = 0;
    CHIP_ERROR error = DICGetCACertificate(ca_cert_buf, DIC_CA_CERT_LENGTH, &ca_cert_length);
    if (!get("ca", error, ca_cert_buf, ca_cert_length))
        return 1;
    error = DICGetDeviceCertificate(cert_buf, DIC_DEV_CERT_LENGTH, &cert_length);
    if (!get("cert", error, cert_buf, cert_length))
        return 1;
    error = DICGetDevicePrivKey(key_buf, DIC_DEV_KEY_LENGTH, &key_length);
    if (!get("key", error, key_buf, key_length))
        return 1;
    error = DICGetHostname(hostname, DIC_HOSTNAME_LENGTH, &hostname_length);
    if (!get("host", error, hostname, hostname_length))
        return 1;
    error = DICGetClientId(clientID, DIC_CLIENTID_LENGTH, &client_id_length);
    if (!get("client id", error, clientID, client_id_length))
        return 1;
    char port[8];
    snprintf(port, sizeof port, "%d", (int) DIC_SERVER_PORT);
    printf("config host=%s port=%s client=%s\n", hostname, port, clientID);

    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_x509_crt ca;
    mbedtls_x509_crt own;
    mbedtls_pk_context own_key;
    mbedtls_ssl_config conf;
    Connection c;
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
    mbedtls_x509_crt_init(&ca);
    mbedtls_x509_crt_init(&own);
    mbedtls_pk_init(&own_key);
    mbedtls_ssl_config_init(&conf);
    mbedtls_net_init(&c.net);
    mbedtls_ssl_init(&c.ssl);

    int ret = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, NULL, 0);
    if (ret != 0)
        return fail("ctr_drbg_seed", ret);
    // PEM lengths include the NUL: mbedTLS parses PEM only from a NUL-terminated buffer.
    ret = mbedtls_x509_crt_parse(&ca, (const unsigned char *) ca_cert_buf, ca_cert_length);
    if (ret != 0)
        return fail("parse ca_certificate", ret);
    ret = mbedtls_x509_crt_parse(&own, (const unsigned char *) cert_buf, cert_length);
    if (ret != 0)
        return fail("parse device_certificate", ret);
    ret = mbedtls_pk_parse_key(&own_key, (const unsigned char *) key_buf, key_length, NULL, 0);
    if (ret != 0)
        return fail("parse device_key", ret);

    ret = mbedtls_ssl_config_defaults(&conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                      MBEDTLS_SSL_PRESET_DEFAULT);
    if (ret != 0)
        return fail("ssl_config_defaults", ret);
    mbedtls_ssl_conf_authmode(&conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&conf, &ca, NULL);
    mbedtls_ssl_conf_rng(&conf, mbedtls_ctr_drbg_random, &drbg);
    mbedtls_ssl_conf_ciphersuites(&conf, kCipherSuites);
    mbedtls_ssl_conf_min_version(&conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_max_version(&conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_read_timeout(&conf, kReadTimeoutMs);
    ret = mbedtls_ssl_conf_own_cert(&conf, &own, &own_key);
    if (ret != 0)
        return fail("ssl_conf_own_cert", ret);
    ret = mbedtls_ssl_setup(&c.ssl, &conf);
    if (ret != 0)
        return fail("ssl_setup", ret);
    // Deliberately no mbedtls_ssl_set_hostname: the firmware sends no SNI.

    ret = mbedtls_net_connect(&c.net, hostname, port, MBEDTLS_NET_PROTO_TCP);
    if (ret != 0)
        return fail("connect", ret);
    mbedtls_ssl_set_bio(&c.ssl, &c.net, mbedtls_net_send, NULL, mbedtls_net_recv_timeout);
    while ((ret = mbedtls_ssl_handshake(&c.ssl)) != 0)
    {
        if (ret != MBEDTLS_ERR_SSL_WANT_READ && ret != MBEDTLS_ERR_SSL_WANT_WRITE)
        {
            uint32_t flags = mbedtls_ssl_get_verify_result(&c.ssl);
            printf("verify flags=0x%08x\n", (unsigned) flags);
            return fail("handshake", ret);
        }
    }
    printf("tls version=%s suite=%s\n", mbedtls_ssl_get_version(&c.ssl), mbedtls_ssl_get_ciphersuite(&c.ssl));

    // CONNECT: "MQTT", level 4, flags = clean session only (no will, user or password), keep-alive, client ID.
    const char * user = DIC_CLIENT_USER;
    const char * pass = DIC_CLIENT_PASS;
    if (user != NULL || pass != NULL)
    {
        printf("error dic_config.h sets a user or password\n");
        return 1;
    }
    uint8_t body[256];
    size_t n = put_string(body, "MQTT", 4);
    body[n++]                   = 4;
    body[n++]                   = 0x02;
    uint16_t keep_alive         = DIC_KEEP_ALIVE;
    body[n++]                   = (uint8_t) (keep_alive >> 8);
    body[n++]                   = (uint8_t) keep_alive;
    n += put_string(body + n, clientID, strlen(clientID));
    ret = send_packet(c, kConnect, body, n);
    if (ret != 0)
        return fail("send CONNECT", ret);
    Packet packet;
    ret = read_packet(c, packet);
    if (ret != 0)
        return fail("read CONNACK", ret);
    if (packet.header != kConnack || packet.length != 2)
    {
        printf("error expected CONNACK, got 0x%02x\n", packet.header);
        return 1;
    }
    printf("connack rc=%d keepalive=%u\n", packet.body[1], (unsigned) keep_alive);
    if (packet.body[1] != 0)
        return 1;

    // SUBSCRIBE packet ID 1, MQTT_SUBSCRIBE_TOPIC at MQTT_QOS_0.
    n         = 0;
    body[n++] = 0;
    body[n++] = 1;
    n += put_string(body + n, MQTT_SUBSCRIBE_TOPIC, strlen(MQTT_SUBSCRIBE_TOPIC));
    body[n++] = MQTT_QOS_0;
    ret       = send_packet(c, kSubscribe, body, n);
    if (ret != 0)
        return fail("send SUBSCRIBE", ret);
    ret = read_packet(c, packet);
    if (ret != 0)
        return fail("read SUBACK", ret);
    if (packet.header != kSuback || packet.length != 3)
    {
        printf("error expected SUBACK, got 0x%02x\n", packet.header);
        return 1;
    }
    printf("suback topic=%s granted=%d\n", MQTT_SUBSCRIBE_TOPIC, packet.body[2]);

    ret = publish(c, "light/state", "on");
    if (ret != 0)
        return fail("publish", ret);

    // Every incoming PUBLISH is a command, whatever its topic.
    for (;;)
    {
        ret = read_packet(c, packet);
        if (ret != 0)
            return fail("read", ret);
        if ((packet.header & 0xf0) != kPublish)
        {
            printf("ignored packet 0x%02x\n", packet.header);
            continue;
        }
        size_t topic_length = ((size_t) packet.body[0] << 8) | packet.body[1];
        size_t offset       = 2 + topic_length + (((packet.header >> 1) & 3) != 0 ? 2 : 0);
        if (offset > packet.length)
        {
            printf("error malformed PUBLISH\n");
            return 1;
        }
        printf("received topic=%.*s payload=%.*s\n", (int) topic_length, (const char *) packet.body + 2,
               (int) (packet.length - offset), (const char *) packet.body + offset);
        if (packet.length - offset == 6 && memcmp(packet.body + offset, "toggle", 6) == 0)
        {
            ret = publish(c, "light/state", "off");
            if (ret != 0)
                return fail("publish", ret);
            break;
        }
    }

    mbedtls_ssl_close_notify(&c.ssl);
    mbedtls_net_free(&c.net);
    mbedtls_ssl_free(&c.ssl);
    mbedtls_ssl_config_free(&conf);
    mbedtls_pk_free(&own_key);
    mbedtls_x509_crt_free(&own);
    mbedtls_x509_crt_free(&ca);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
    printf("done\n");
    return 0;
}
