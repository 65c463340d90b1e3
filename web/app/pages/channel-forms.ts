import type { ChannelType } from "../../shared/api-types";

export interface CredentialField {
  key: string;
  label: string;
  secret?: boolean;
  hint?: string;
  /** Not required by the server. */
  optional?: boolean;
}

/** The credentials each channel type asks for; keys are what POST /api/channels expects. */
export const CHANNEL_FORMS: Record<
  Exclude<ChannelType, "widget">,
  { label: string; fields: CredentialField[]; testTo: string | null }
> = {
  whatsapp: {
    label: "WhatsApp Business (Cloud API)",
    fields: [
      { key: "phoneNumberId", label: "Phone number ID" },
      { key: "accessToken", label: "Access token", secret: true },
      {
        key: "appSecret",
        label: "App secret",
        secret: true,
        hint: "Used to check the X-Hub-Signature-256 of each webhook.",
      },
      {
        key: "wabaId",
        label: "Business Account ID",
        optional: true,
        hint: "WhatsApp Business Account ID: lets broadcasts use your approved templates.",
      },
    ],
    testTo: "Recipient phone number (E.164)",
  },
  messenger: {
    label: "Facebook Messenger",
    fields: [
      { key: "pageId", label: "Page ID" },
      { key: "pageAccessToken", label: "Page access token", secret: true },
      { key: "appSecret", label: "App secret", secret: true },
    ],
    testTo: "Recipient PSID",
  },
  instagram: {
    label: "Instagram Direct",
    fields: [
      { key: "pageId", label: "Instagram account ID" },
      { key: "pageAccessToken", label: "Page access token", secret: true },
      { key: "appSecret", label: "App secret", secret: true },
    ],
    testTo: "Recipient IGSID",
  },
  telegram: {
    label: "Telegram bot",
    fields: [{ key: "botToken", label: "Bot token", secret: true, hint: "From @BotFather." }],
    testTo: "Chat ID",
  },
  line: {
    label: "LINE Official Account",
    fields: [
      { key: "channelSecret", label: "Channel secret", secret: true },
      { key: "channelAccessToken", label: "Channel access token", secret: true },
    ],
    testTo: "User ID",
  },
  email: {
    label: "Email",
    fields: [
      {
        key: "address",
        label: "Support address",
        hint: "Mail to this address becomes conversations (Email Routing → this Worker).",
      },
      {
        key: "displayName",
        label: "Sender name",
        optional: true,
        hint: "Shown in From on replies, e.g. Acme Support.",
      },
    ],
    // Mail is tested by writing to the support address: the server refuses test sends for email.
    testTo: null,
  },
};
