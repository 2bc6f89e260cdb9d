package dev.sockloop.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import javax.security.auth.x500.X500Principal;

/**
 * A P-256 key pair and a self-signed X.509 v3 certificate for it (SHA256withECDSA), built in
 * process: what {@code keytool -genkeypair -keyalg EC -groupname secp256r1} makes, without starting
 * a JVM per step. The DER is written here because the JDK has no public certificate builder; the
 * result is parsed back by the JDK's {@link CertificateFactory}, which rejects malformed encodings.
 *
 * @param keyPair the key pair
 * @param certificate the certificate, issued by its own subject
 */
record SelfSignedCertificate(KeyPair keyPair, X509Certificate certificate) {

	/** ecdsa-with-SHA256, RFC 5758: an algorithm identifier without parameters. */
	private static final byte[] ECDSA_WITH_SHA256 = sequence(oid(1, 2, 840, 10045, 4, 3, 2));

	/** id-ce-subjectAltName, RFC 5280. */
	private static final byte[] SUBJECT_ALT_NAME = oid(2, 5, 29, 17);

	private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	/**
	 * Generates a key pair and its certificate.
	 * @param subject the subject and issuer, e.g. {@code CN=localhost}
	 * @param validity how long from now the certificate is valid
	 * @param dnsNames DNS names for the subject alternative name extension
	 * @param ipAddresses IP addresses for the subject alternative name extension
	 * @return the key pair and certificate
	 */
	static SelfSignedCertificate generate(String subject, Duration validity, List<String> dnsNames,
			List<InetAddress> ipAddresses) throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		KeyPair keyPair = generator.generateKeyPair();
		byte[] name = new X500Principal(subject).getEncoded();
		Instant now = Instant.now();
		ByteArrayOutputStream tbs = new ByteArrayOutputStream();
		tbs.writeBytes(tlv(0xA0, integer(BigInteger.TWO)));
		tbs.writeBytes(integer(new BigInteger(63, new SecureRandom()).add(BigInteger.ONE)));
		tbs.writeBytes(ECDSA_WITH_SHA256);
		tbs.writeBytes(name);
		tbs.writeBytes(sequence(time(now), time(now.plus(validity))));
		tbs.writeBytes(name);
		// SubjectPublicKeyInfo is what the JDK encodes a public key as.
		tbs.writeBytes(keyPair.getPublic().getEncoded());
		if (!dnsNames.isEmpty() || !ipAddresses.isEmpty()) {
			tbs.writeBytes(tlv(0xA3, sequence(subjectAltName(dnsNames, ipAddresses))));
		}
		byte[] toBeSigned = tlv(0x30, tbs.toByteArray());
		Signature signature = Signature.getInstance("SHA256withECDSA");
		signature.initSign(keyPair.getPrivate());
		signature.update(toBeSigned);
		byte[] certificate = sequence(toBeSigned, ECDSA_WITH_SHA256, bitString(signature.sign()));
		X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(certificate));
		parsed.verify(keyPair.getPublic());
		return new SelfSignedCertificate(keyPair, parsed);
	}

	private static byte[] subjectAltName(List<String> dnsNames, List<InetAddress> ipAddresses) {
		ByteArrayOutputStream names = new ByteArrayOutputStream();
		for (String dnsName : dnsNames) {
			// dNSName [2] IMPLICIT IA5String
			names.writeBytes(tlv(0x82, dnsName.getBytes(StandardCharsets.US_ASCII)));
		}
		for (InetAddress ipAddress : ipAddresses) {
			// iPAddress [7] IMPLICIT OCTET STRING
			names.writeBytes(tlv(0x87, ipAddress.getAddress()));
		}
		return sequence(SUBJECT_ALT_NAME, tlv(0x04, tlv(0x30, names.toByteArray())));
	}

	/** RFC 5280: UTCTime through 2049, GeneralizedTime from 2050. */
	private static byte[] time(Instant instant) {
		if (instant.atZone(ZoneOffset.UTC).getYear() < 2050) {
			return tlv(0x17, UTC_TIME.format(instant).getBytes(StandardCharsets.US_ASCII));
		}
		return tlv(0x18, GENERALIZED_TIME.format(instant).getBytes(StandardCharsets.US_ASCII));
	}

	private static byte[] integer(BigInteger value) {
		return tlv(0x02, value.toByteArray());
	}

	private static byte[] bitString(byte[] bytes) {
		byte[] content = new byte[bytes.length + 1];
		// no unused bits in the last byte
		System.arraycopy(bytes, 0, content, 1, bytes.length);
		return tlv(0x03, content);
	}

	private static byte[] oid(int... arcs) {
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		content.write(arcs[0] * 40 + arcs[1]);
		for (int i = 2; i < arcs.length; i++) {
			int arc = arcs[i];
			// base 128, most significant group first, the high bit set on all but the last
			int shift = 28;
			while (shift > 0 && (arc >>> shift) == 0) {
				shift -= 7;
			}
			for (; shift > 0; shift -= 7) {
				content.write(0x80 | ((arc >>> shift) & 0x7F));
			}
			content.write(arc & 0x7F);
		}
		return tlv(0x06, content.toByteArray());
	}

	private static byte[] sequence(byte[]... elements) {
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		for (byte[] element : elements) {
			content.writeBytes(element);
		}
		return tlv(0x30, content.toByteArray());
	}

	/** A DER tag, definite length and content. */
	private static byte[] tlv(int tag, byte[] content) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
		out.write(tag);
		int length = content.length;
		if (length < 0x80) {
			out.write(length);
		}
		else {
			int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
			out.write(0x80 | bytes);
			for (int i = bytes - 1; i >= 0; i--) {
				out.write(length >>> (i * 8));
			}
		}
		out.writeBytes(content);
		return out.toByteArray();
	}

}
