import nodemailer from 'nodemailer';
import type { Db } from '../db/client.js';
import { mailboxMessages } from '../db/schema/index.js';
import type { Logger } from './logger.js';

export type MailMessage = { to: string; subject: string; text: string };

export type Mailer = {
  kind: 'smtp' | 'mailbox';
  send(message: MailMessage): Promise<void>;
};

/**
 * The one way mail leaves the platform: SMTP through nodemailer when `smtpUrl` is set,
 * otherwise the development mailbox table (read by the demo and the tests).
 */
export function createMailer(options: {
  db: Db;
  logger: Logger;
  from: string;
  smtpUrl?: string | undefined;
}): Mailer {
  const { db, logger, from, smtpUrl } = options;
  if (smtpUrl) {
    const transport = nodemailer.createTransport(smtpUrl);
    return {
      kind: 'smtp',
      async send(message) {
        await transport.sendMail({ from, ...message });
        logger.info({ subject: message.subject }, 'mail sent');
      },
    };
  }
  return {
    kind: 'mailbox',
    async send(message) {
      await db.insert(mailboxMessages).values(message);
      logger.debug({ subject: message.subject }, 'mail stored in the development mailbox');
    },
  };
}
