package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class EpollPartialFrameMemoryTests extends PartialFrameMemoryTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
