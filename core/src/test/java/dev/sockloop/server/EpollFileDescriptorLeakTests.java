package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class EpollFileDescriptorLeakTests extends FileDescriptorLeakTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
