package com.loanflow.notice.channel.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real SMTP server on a loopback socket that gives scripted answers, for what GreenMail will not do: refuse a
 * recipient, greet with 421, never answer. A reply of {@code null} means the server stays silent.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    /** The answers; everything not listed here is {@code 250 OK}. */
    record Script(String greeting, String rcpt, String endOfData, String quit) {

        static Script accepting() {
            return new Script("220 scripted ESMTP", "250 2.1.5 OK", "250 2.0.0 queued", "221 2.0.0 bye");
        }

        Script greeting(String reply) {
            return new Script(reply, rcpt, endOfData, quit);
        }

        Script rcpt(String reply) {
            return new Script(greeting, reply, endOfData, quit);
        }

        Script endOfData(String reply) {
            return new Script(greeting, rcpt, reply, quit);
        }

        Script quit(String reply) {
            return new Script(greeting, rcpt, endOfData, reply);
        }
    }

    private final ServerSocket server;
    private final Script script;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    private ScriptedSmtpServer(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "scripted-smtp-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static ScriptedSmtpServer start(Script script) {
        try {
            return new ScriptedSmtpServer(script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** The commands received, in order; the message content counts as one {@code <data>} entry. */
    List<String> commands() {
        return List.copyOf(commands);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread session = new Thread(() -> converse(socket), "scripted-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            if (!reply(out, script.greeting())) {
                silence(in);
                return;
            }
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.split(" ", 2)[0].toUpperCase();
                commands.add(line);
                String answer = switch (verb) {
                    case "EHLO", "HELO" -> "250 scripted";
                    case "RCPT" -> script.rcpt();
                    case "DATA" -> "354 end with <CRLF>.<CRLF>";
                    case "QUIT" -> script.quit();
                    default -> "250 OK";
                };
                if (verb.equals("DATA")) {
                    reply(out, answer);
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        // the message itself is not needed here
                    }
                    commands.add("<data>");
                    answer = script.endOfData();
                }
                if (!reply(out, answer)) {
                    silence(in);
                    return;
                }
                if (verb.equals("QUIT") || answer.startsWith("421")) {
                    return;
                }
            }
        } catch (SocketException closed) {
            // the client or close() ended the connection
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean reply(OutputStream out, String line) throws IOException {
        if (line == null) {
            return false;
        }
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return true;
    }

    /** Reads and ignores until the client gives up. */
    private static void silence(BufferedReader in) throws IOException {
        while (in.readLine() != null) {
            // stay silent
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : connections) {
            socket.close();
        }
    }
}
