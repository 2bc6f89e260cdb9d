package dev.sockloop.internal.proxy;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.sockloop.testing.ProxyHeaders;

import static dev.sockloop.testing.ProxyHeaders.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The PROXY protocol header at the byte level, both versions, every prefix of each header.
 */
class ProxyHeaderParserTests {

	private static final byte[] PAYLOAD = "hello\n".getBytes(StandardCharsets.US_ASCII);

	@Test
	void v1Tcp4GivesTheClientAddressAndTheHeaderLength() throws Exception {
		byte[] header = ProxyHeaders.v1("TCP4 192.0.2.7 198.51.100.1 56324 443");
		ProxyHeader parsed = parseWhole(concat(header, PAYLOAD));
		assertThat(parsed.length()).isEqualTo(header.length);
		assertThat(parsed.source()).isEqualTo(new InetSocketAddress("192.0.2.7", 56324));
		assertThat(parsed.destination()).isEqualTo(new InetSocketAddress("198.51.100.1", 443));
	}

	@Test
	void v1Tcp6GivesTheClientAddress() throws Exception {
		byte[] header = ProxyHeaders.v1("TCP6 2001:db8::7 ::1 65535 1");
		ProxyHeader parsed = parseWhole(header);
		assertThat(parsed.length()).isEqualTo(header.length);
		assertThat(parsed.source()).isEqualTo(new InetSocketAddress("2001:db8::7", 65535));
		assertThat(parsed.destination()).isEqualTo(new InetSocketAddress("::1", 1));
	}

	@Test
	void v1UnknownKeepsTheSocketsAddress() throws Exception {
		byte[] header = ProxyHeaders.v1("UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535");
		ProxyHeader parsed = parseWhole(concat(header, PAYLOAD));
		assertThat(parsed.length()).isEqualTo(header.length);
		assertThat(parsed.source()).isNull();
		assertThat(parseWhole(ProxyHeaders.v1("UNKNOWN")).source()).isNull();
	}

	@Test
	void v1OfTheLongestLengthIsAcceptedAndOneByteMoreIsNot() throws Exception {
		// "PROXY UNKNOWN " + filler + CRLF: the specification's worst case is 107 bytes.
		String filler = "x".repeat(107 - "PROXY UNKNOWN \r\n".length());
		assertThat(parseWhole(ProxyHeaders.v1("UNKNOWN " + filler)).length()).isEqualTo(107);
		assertThatExceptionOfType(ProxyHeaderException.class)
			.isThrownBy(() -> ProxyHeaderParser.parse(ProxyHeaders.v1("UNKNOWN " + filler + "x"), 108))
			.withMessageContaining("107");
	}

	@Test
	void v1WithoutCrlfIsRejectedOnceLongerThanTheLimitAndNotBefore() throws Exception {
		byte[] endless = ("PROXY TCP4 " + "1".repeat(200)).getBytes(StandardCharsets.US_ASCII);
		assertThat(ProxyHeaderParser.parse(endless, 105)).isNull();
		assertThatExceptionOfType(ProxyHeaderException.class).isThrownBy(() -> ProxyHeaderParser.parse(endless, 106));
	}

	@Test
	void v1WithMalformedFieldsIsRejected() {
		for (String line : new String[] { "TCP4 192.0.2.7 198.51.100.1 56324", "TCP4 192.0.2.7 198.51.100.1 56324 443 x",
				"TCP4 256.0.0.1 198.51.100.1 1 2", "TCP4 localhost 198.51.100.1 1 2", "TCP4 ::1 ::1 1 2",
				"TCP6 192.0.2.7 ::1 1 2", "TCP6 example.org ::1 1 2", "TCP4 1.2.3.4 1.2.3.4 65536 1",
				"TCP4 1.2.3.4 1.2.3.4 -1 1", "TCP4  1.2.3.4 1.2.3.4 1 1", "UDP4 1.2.3.4 1.2.3.4 1 1", "" }) {
			assertThatExceptionOfType(ProxyHeaderException.class).as(line)
				.isThrownBy(() -> parseWhole(ProxyHeaders.v1(line)));
		}
		byte[] bareCr = "PROXY UNKNOWN\rX\n".getBytes(StandardCharsets.US_ASCII);
		assertThatExceptionOfType(ProxyHeaderException.class)
			.isThrownBy(() -> ProxyHeaderParser.parse(bareCr, bareCr.length));
		byte[] binary = "PROXY TCP4 1.2\u0000".getBytes(StandardCharsets.ISO_8859_1);
		assertThatExceptionOfType(ProxyHeaderException.class)
			.isThrownBy(() -> ProxyHeaderParser.parse(binary, binary.length));
	}

	@Test
	void v2ProxyOverIpv4GivesTheClientAddress() throws Exception {
		byte[] header = ProxyHeaders.v2(new InetSocketAddress("192.0.2.7", 40000),
				new InetSocketAddress("198.51.100.1", 7000), new byte[0]);
		ProxyHeader parsed = parseWhole(concat(header, PAYLOAD));
		assertThat(parsed.length()).isEqualTo(16 + 12);
		assertThat(parsed.source()).isEqualTo(new InetSocketAddress("192.0.2.7", 40000));
		assertThat(parsed.destination()).isEqualTo(new InetSocketAddress("198.51.100.1", 7000));
	}

	@Test
	void v2ProxyOverIpv6SkipsItsTlvs() throws Exception {
		byte[] tlvs = concat(ProxyHeaders.tlv(0x01, "h2".getBytes(StandardCharsets.US_ASCII)),
				ProxyHeaders.tlv(0x05, new byte[20]), ProxyHeaders.tlv(0xEA, new byte[300]));
		byte[] header = ProxyHeaders.v2(new InetSocketAddress("2001:db8::7", 40000),
				new InetSocketAddress("2001:db8::1", 7000), tlvs);
		ProxyHeader parsed = parseWhole(concat(header, PAYLOAD));
		assertThat(parsed.length()).isEqualTo(16 + 36 + tlvs.length);
		assertThat(parsed.source()).isEqualTo(new InetSocketAddress("2001:db8::7", 40000));
	}

	@Test
	void v2ProxyOverUnixGivesThePaths() throws Exception {
		byte[] payload = new byte[216];
		byte[] path = "/run/client.sock".getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(path, 0, payload, 0, path.length);
		ProxyHeader parsed = parseWhole(ProxyHeaders.v2(0x21, 0x31, payload));
		assertThat(parsed.length()).isEqualTo(16 + 216);
		assertThat(parsed.source()).isEqualTo(UnixDomainSocketAddress.of("/run/client.sock"));
		assertThat(parsed.destination()).isNull(); // unnamed
	}

	@Test
	void v2LocalAndUnspecifiedKeepTheSocketsAddress() throws Exception {
		ProxyHeader local = parseWhole(ProxyHeaders.v2(0x20, 0x00, new byte[0]));
		assertThat(local.length()).isEqualTo(16);
		assertThat(local.source()).isNull();
		// LOCAL with addresses (HAProxy's health checks send them): skipped all the same.
		ProxyHeader localWithAddresses = parseWhole(ProxyHeaders.v2(0x20, 0x11, new byte[12]));
		assertThat(localWithAddresses.length()).isEqualTo(28);
		assertThat(localWithAddresses.source()).isNull();
		assertThat(parseWhole(ProxyHeaders.v2(0x21, 0x00, new byte[5])).source()).isNull();
	}

	@Test
	void v2WithABadVersionCommandFamilyOrShortAddressesIsRejected() {
		byte[][] bad = { ProxyHeaders.v2(0x11, 0x11, new byte[12]), ProxyHeaders.v2(0x22, 0x11, new byte[12]),
				ProxyHeaders.v2(0x21, 0x41, new byte[12]), ProxyHeaders.v2(0x21, 0x12, new byte[12]),
				ProxyHeaders.v2(0x21, 0x11, new byte[11]), ProxyHeaders.v2(0x21, 0x21, new byte[35]),
				ProxyHeaders.v2(0x21, 0x31, new byte[215]) };
		for (byte[] header : bad) {
			assertThatExceptionOfType(ProxyHeaderException.class).as(Arrays.toString(Arrays.copyOf(header, 16)))
				.isThrownBy(() -> parseWhole(header));
		}
	}

	@Test
	void v2AnnouncingMoreThanTheCapIsRejectedFromItsFirstSixteenBytes() throws Exception {
		byte[] atCap = ProxyHeaders.v2(0x21, 0x11, ProxyHeaderParser.MAX_V2_PAYLOAD,
				new byte[ProxyHeaderParser.MAX_V2_PAYLOAD]);
		assertThat(parseWhole(atCap).length()).isEqualTo(16 + 4096);
		byte[] over = ProxyHeaders.v2(0x21, 0x11, 65535, new byte[0]);
		assertThatExceptionOfType(ProxyHeaderException.class).isThrownBy(() -> ProxyHeaderParser.parse(over, 16))
			.withMessageContaining("65535");
	}

	@Test
	void bytesWithoutASignatureAreNoHeaderAndAPrefixOfOneWaitsForMore() throws Exception {
		byte[] get = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
		assertThat(ProxyHeaderParser.parse(get, get.length)).isSameAs(ProxyHeader.ABSENT);
		byte[] prox = "PROX".getBytes(StandardCharsets.US_ASCII);
		assertThat(ProxyHeaderParser.parse(prox, 4)).isNull();
		byte[] proxy = "PROXX".getBytes(StandardCharsets.US_ASCII);
		assertThat(ProxyHeaderParser.parse(proxy, 5)).isSameAs(ProxyHeader.ABSENT);
		byte[] crlf = { '\r', '\n', '\r', '\n', 'x' };
		assertThat(ProxyHeaderParser.parse(crlf, 4)).isNull();
		assertThat(ProxyHeaderParser.parse(crlf, 5)).isSameAs(ProxyHeader.ABSENT);
		assertThat(ProxyHeaderParser.parse(crlf, 0)).isNull();
	}

	@Test
	void aReaderFedOneByteAtATimeCompletesAtTheLastByteOfTheHeaderAndKeepsWhatFollows() throws Exception {
		byte[] header = ProxyHeaders.v2(new InetSocketAddress("192.0.2.7", 40000),
				new InetSocketAddress("198.51.100.1", 7000), ProxyHeaders.tlv(0x04, new byte[3]));
		byte[] stream = concat(header, PAYLOAD);
		ProxyHeaderReader reader = new ProxyHeaderReader(false);
		for (int i = 0; i < header.length - 1; i++) {
			assertThat(reader.offer(ByteBuffer.wrap(stream, i, 1).slice(), 1)).isNull();
		}
		ByteBuffer rest = ByteBuffer.wrap(stream, header.length - 1, stream.length - header.length + 1).slice();
		ProxyHeader parsed = reader.offer(rest, rest.remaining());
		assertThat(parsed.source()).isEqualTo(new InetSocketAddress("192.0.2.7", 40000));
		ByteBuffer remainder = reader.remainder();
		byte[] after = new byte[remainder.remaining()];
		remainder.get(after);
		assertThat(after).isEqualTo(PAYLOAD);
	}

	@Test
	void aRequiringReaderRejectsAStreamWithoutAHeaderAndAnOptionalOneLetsItThrough() throws Exception {
		ByteBuffer get = ByteBuffer.wrap("GET /\r\n".getBytes(StandardCharsets.US_ASCII));
		assertThatExceptionOfType(ProxyHeaderException.class)
			.isThrownBy(() -> new ProxyHeaderReader(false).offer(get, get.remaining()));
		ProxyHeaderReader optional = new ProxyHeaderReader(true);
		assertThat(optional.offer(get, get.remaining())).isSameAs(ProxyHeader.ABSENT);
		assertThat(optional.remainder().remaining()).isEqualTo(7);
	}

	/** Parses the whole array, after checking that no shorter prefix passes for a complete header. */
	private static ProxyHeader parseWhole(byte[] bytes) throws ProxyHeaderException {
		ProxyHeader parsed = null;
		for (int n = 1; n <= bytes.length; n++) {
			parsed = ProxyHeaderParser.parse(bytes, n);
			if (parsed != null) {
				assertThat(parsed).isNotSameAs(ProxyHeader.ABSENT);
				return parsed;
			}
		}
		return parsed;
	}

}
