package pl.ksefhub.session.ticket;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import pl.ksefhub.session.ticket.TicketApi.TokenTicket;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/** A ticket as {@code application/xml}, when the client's {@code Accept} asks for it (JSON is Jackson's). */
@Provider
@Produces(MediaType.APPLICATION_XML)
public class TokenTicketXmlWriter implements MessageBodyWriter<TokenTicket> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return TokenTicket.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(TokenTicket ticket, Class<?> type, Type genericType, Annotation[] annotations,
                        MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out)
            throws IOException {
        TokenTicketXml.write(ticket, out);
    }
}
