package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class NioFileDescriptorLeakTests extends FileDescriptorLeakTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
