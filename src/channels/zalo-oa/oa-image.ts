// A picture (a /bieudo chart) on a Zalo Official Account: uploaded with POST /v2.0/oa/upload/image
// (multipart field "file", header access_token; answered {data:{attachment_id}}), then sent as a
// consultation message whose attachment is a "media" template naming that attachment_id, with the
// caption as the picture's title (message.text).
// Sources: Zalo's own SDKs, zaloplatform/zalo-java-sdk src/test/java/UploadImage.java (the upload)
// and src/test/java/v3/SendImageCSMessage.java (the media template on /v3.0/oa/message/cs), and
// zaloplatform/zalo-php-sdk src/Builder/MessageBuilder.php ("media": elements[{media_type:"image",
// attachment_id}]). The limits (JPG or PNG, at most 1 MB, kept 7 days) come from community clients
// that agree, e.g. @warriorteam/redai-zalo-sdk (message-management.service.js); no official page
// was found, so a picture outside them goes as a signed link instead.

export const IMAGE_UPLOAD_PATH = "/v2.0/oa/upload/image";
export const OA_MAX_IMAGE_BYTES = 1024 * 1024;
const IMAGE_TYPES = /\.(png|jpe?g)$/i;

/** Why the OA cannot take this picture (then it goes as a link), or undefined when it can. */
export function imageRefusal(fileName: string, size: number): { tooLarge: boolean; reason: string } | undefined {
  if (!IMAGE_TYPES.test(fileName)) return { tooLarge: false, reason: `Zalo OA chỉ nhận ảnh PNG, JPG (${fileName})` };
  if (size > OA_MAX_IMAGE_BYTES) return { tooLarge: true, reason: `Zalo OA nhận ảnh tối đa 1 MB (${fileName}: ${size} byte)` };
  return undefined;
}

export function imageContentType(fileName: string): string {
  return /\.png$/i.test(fileName) ? "image/png" : "image/jpeg";
}

/** The attachment id in the upload's answer (data.attachment_id). */
export function attachmentIdOf(data: { attachment_id?: unknown } | undefined): string | undefined {
  return typeof data?.attachment_id === "string" && data.attachment_id !== "" ? data.attachment_id : undefined;
}

/** The consultation message carrying the uploaded picture; `title` is its caption, when it fits. */
export function imageMessageBody(userId: string, attachmentId: string, title: string | undefined): Record<string, unknown> {
  return {
    recipient: { user_id: userId },
    message: {
      ...(title !== undefined ? { text: title } : {}),
      attachment: { type: "template", payload: { template_type: "media", elements: [{ media_type: "image", attachment_id: attachmentId }] } },
    },
  };
}
