package dev.sockloop.autoconfigure;

import java.util.List;

import dev.sockloop.spring.SocketMessageCodecs;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;

/**
 * Jackson JSON for typed {@code @SocketHandler} messages, when Jackson 3 and {@code spring-web}
 * (which holds Spring's Jackson {@code Decoder} and {@code Encoder}) are on the class path. Uses the
 * application's {@link JsonMapper} (Boot's, with its {@code spring.jackson.*} settings) when there
 * is one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ JsonMapper.class, JacksonJsonDecoder.class })
final class SockloopJacksonCodecsConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SocketMessageCodecs sockloopMessageCodecs(ObjectProvider<JsonMapper> jsonMapper) {
		JsonMapper mapper = jsonMapper.getIfAvailable();
		if (mapper == null) {
			return new SocketMessageCodecs(List.of(new JacksonJsonDecoder()), List.of(new JacksonJsonEncoder()));
		}
		return new SocketMessageCodecs(List.of(new JacksonJsonDecoder(mapper)),
				List.of(new JacksonJsonEncoder(mapper)));
	}

}
