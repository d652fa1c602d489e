// The new ward's profile as YAML text, with the comments a clerk needs to keep it up to date.
export interface NewWard {
  code: string;
  name: string;
  place: string;
  superior: string;
  borderPost?: string;
  signer: { title: string; name: string };
  recipients: string[];
  units: { code: string; name: string; kind: string }[];
  obligations: Record<string, readonly string[]>;
}

/** A YAML scalar: plain when it reads the same, quoted otherwise ("Lưu: VT"). */
function q(s: string): string {
  return /^[\p{L}\p{N}][\p{L}\p{N} .()/_-]*$/u.test(s) && !/^(true|false|null|yes|no|~|\d[\d.-]*)$/i.test(s) ? s : JSON.stringify(s);
}
const list = (items: readonly string[]) => `[${items.map(q).join(", ")}]`;

export function profileText(w: NewWard): string {
  const lines = [
    `# Hồ sơ ${w.name}: đơn vị, người ký, nơi nhận. Lập bằng: npm run cli -- init.`,
    "# Văn phòng có thể sửa tệp này; bot đọc lại khi khởi động. Kiểm tra sau khi sửa: npm run cli -- check",
    "# Danh mục biểu mẫu của phường (loại đơn vị, biểu mẫu, số liệu) nằm ở tệp ghi ở mục catalogue.",
    "catalogue: catalogue.yaml",
    "ward:",
    "  # Mã phường: chữ thường không dấu, số và dấu -; không đổi sau khi bot đã chạy.",
    `  code: ${w.code}`,
    `  name: ${q(w.name)}`,
    "  # Địa danh ghi trước ngày tháng của văn bản.",
    `  place: ${q(w.place)}`,
    "  # Cơ quan chủ quản, dòng trên \"ỦY BAN NHÂN DÂN\"; từ 01/07/2025 cấp xã không còn dòng này.",
    "  parentBody: không",
    `  issuingBody: ${list(["ỦY BAN NHÂN DÂN", w.name.toLocaleUpperCase("vi")])}`,
    "  reportSymbol: BC-UBND",
    ...(w.borderPost ? [`  borderPost: ${q(w.borderPost)}`] : []),
    "  # Cơ quan phường báo cáo lên, như văn bản viết trong câu.",
    `  superior: ${q(w.superior)}`,
    "signer:",
    "  authority: TM. ỦY BAN NHÂN DÂN",
    `  title: ${q(w.signer.title)}`,
    `  name: ${q(w.signer.name)}`,
    "recipients:",
    ...w.recipients.map((r) => `  - ${q(r)}`),
    "# Các đơn vị báo cáo: code (mã, không dấu), name (tên), kind (loại đơn vị, có trong danh mục).",
    "units:",
    ...w.units.map((u) => `  - { code: ${u.code}, name: ${q(u.name)}, kind: ${u.kind} }`),
    "# Biểu mẫu mỗi loại đơn vị phải báo cáo mỗi kỳ (dùng cho nhắc việc và tiến độ).",
    "obligations:",
    ...Object.entries(w.obligations).map(([k, forms]) => `  ${k}: ${list(forms)}`),
  ];
  if (Object.keys(w.obligations).length === 0) lines[lines.length - 1] = "obligations: {}";
  return `${lines.join("\n")}\n`;
}
