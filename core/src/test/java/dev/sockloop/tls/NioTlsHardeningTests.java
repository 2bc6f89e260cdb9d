package dev.sockloop.tls;

import dev.sockloop.transport.Transport;

class NioTlsHardeningTests extends TlsHardeningTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
