package dev.sockloop.tls;

import dev.sockloop.transport.Transport;

class NioTlsServerOptionTests extends TlsServerOptionTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
