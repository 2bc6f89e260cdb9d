package dev.sockloop.tls;

import java.util.Arrays;

/**
 * The cipher suites offered when none are configured, on both sides of a connection.
 */
final class AeadCipherSuites {

	private AeadCipherSuites() {
	}

	/**
	 * The authenticated-encryption suites among {@code suites}: AES-GCM, ChaCha20-Poly1305, AES-CCM
	 * and every TLS 1.3 suite, plus the renegotiation-info signal. The JDK's defaults still include
	 * CBC suites with HMAC (the Lucky Thirteen family), which scanners flag as obsolete; every peer
	 * of the last decade offers an AEAD suite.
	 * @param suites cipher suite names
	 * @return those to offer when none are configured
	 */
	static String[] among(String[] suites) {
		return Arrays.stream(suites)
			.filter((suite) -> suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305") || suite.contains("_CCM")
					|| suite.equals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV"))
			.toArray(String[]::new);
	}

}
