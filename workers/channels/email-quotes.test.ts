import { describe, expect, it } from "vitest";
import { stripQuotedReply } from "./email-quotes";

describe("stripQuotedReply", () => {
  it("should cut at a Gmail attribution, also when it wraps over two lines", () => {
    expect(
      stripQuotedReply(
        "Still waiting.\n\nOn Mon, Mar 4, 2024 at 9:00 AM Shop <help@shop.test> wrote:\n> Shipped!\n",
      ),
    ).toEqual({
      shown: "Still waiting.",
      quoted: "On Mon, Mar 4, 2024 at 9:00 AM Shop <help@shop.test> wrote:\n> Shipped!",
    });
    const wrapped =
      "Thanks!\r\n\r\nOn Mon, Mar 4, 2024 at 9:00 AM Shop Support Team <\r\nhelp@shop.test> wrote:\r\n\r\n> Shipped!";
    expect(stripQuotedReply(wrapped).shown).toBe("Thanks!");
  });

  it("should recognise translated attributions", () => {
    expect(
      stripQuotedReply(
        "Danke!\n\nAm 04.03.2024 um 09:00 schrieb Shop <help@shop.test>:\n> Versandt",
      ).shown,
    ).toBe("Danke!");
    expect(
      stripQuotedReply(
        "Merci\n\nLe lun. 4 mars 2024 à 09:00, Shop <help@shop.test> a écrit :\n> Expédié",
      ).shown,
    ).toBe("Merci");
  });

  it("should drop > quoted lines, bottom-posted or trailing", () => {
    expect(stripQuotedReply("> Where is my order?\n> Ada\n\nIt shipped yesterday.")).toEqual({
      shown: "It shipped yesterday.",
      quoted: "> Where is my order?\n> Ada",
    });
    expect(stripQuotedReply("Yes please.\n>> older\n> old")).toEqual({
      shown: "Yes please.",
      quoted: ">> older\n> old",
    });
  });

  it("should cut at Outlook separators and header blocks", () => {
    expect(
      stripQuotedReply(
        "Please cancel.\n\n-----Original Message-----\nFrom: Shop\nSent: Monday\nSubject: Order",
      ).shown,
    ).toBe("Please cancel.");
    expect(
      stripQuotedReply(
        "Please cancel.\n\nFrom: Shop Support <help@shop.test>\nSent: Monday, March 4, 2024 9:00 AM\nTo: Ada\nSubject: RE: Order",
      ).shown,
    ).toBe("Please cancel.");
    expect(
      stripQuotedReply("Ok\n\n________________________________\nFrom: Shop\nSent: Monday").shown,
    ).toBe("Ok");
  });

  it("should keep forwarded messages and plain text untouched", () => {
    const fwd =
      "See below.\n\n---------- Forwarded message ---------\nFrom: Carrier <noreply@carrier.test>\nDate: Mon, 4 Mar 2024\nSubject: Delivery failed\n\nWe could not deliver parcel 123.";
    expect(stripQuotedReply(fwd)).toEqual({ shown: fwd });
    expect(stripQuotedReply("Hello,\nmy order 1234 is late.\nFrom: me")).toEqual({
      shown: "Hello,\nmy order 1234 is late.\nFrom: me",
    });
  });

  it("should show everything when nothing new was written above the quote", () => {
    expect(stripQuotedReply("> only a quote")).toEqual({ shown: "> only a quote" });
    expect(stripQuotedReply("On Mon, 4 Mar 2024, Shop wrote:\n> hi")).toEqual({
      shown: "On Mon, 4 Mar 2024, Shop wrote:\n> hi",
    });
  });
});
