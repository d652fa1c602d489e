// /trogiup: the guide, by role. Each line names the command it is about and shows only when the
// person may use it (the commands' own roles decide, so the guide cannot promise more).
import type { Role } from "./ports.js";

type Line = { text: string; needs?: string; only?: Role };

const LINES: Line[] = [
  { text: "Hướng dẫn dùng bot báo cáo:" },
  { needs: "nhap", text: "• /nhap — nhập số liệu hoạt động của đơn vị (bot hỏi từng câu, cuối cùng bấm Lưu)." },
  { needs: "khongphatsinh", text: "• /khongphatsinh — báo đơn vị không có hoạt động trong kỳ (vẫn tính là đã báo cáo)." },
  { only: "bao_cao", text: "• Nhập nhanh: gõ một dòng như \"tuyên truyền 3 buổi 150 người 2 giờ loa\" hoặc \"không phát sinh tuyên truyền\"; bot điền sẵn, chỉ hỏi mục còn thiếu, rồi bấm Lưu." },
  { needs: "tiendo", only: "bao_cao", text: "• /tiendo — xem đơn vị đã báo cáo đủ chưa." },
  { needs: "bieudo", only: "bao_cao", text: "• /bieudo <số liệu> [kỳ] — biểu đồ theo tháng của đơn vị, ví dụ: /bieudo tuần tra năm 2025." },
  { needs: "cuatoi", text: "• /cuatoi — xem bản ghi đã nhập của đơn vị; mỗi bản ghi có một số riêng (số ghi khi Lưu)." },
  { needs: "sua", text: "• /sua <số> — sửa một số của bản ghi; /xoa <số> — xóa bản ghi (cần lý do, khi kỳ còn mở)." },
  { needs: "huy", text: "• /huy — hủy việc đang làm dở." },
  { needs: "lienket", text: "• /lienket — dùng bot trên ứng dụng khác{{apps}} với cùng tài khoản: gõ /lienket để lấy mã, rồi gửi /lienket <mã> trên ứng dụng kia." },
  { needs: "baocao", text: "Báo cáo của phường:" },
  { needs: "tiendo", only: "lanh_dao", text: "• /tiendo [kỳ] — các đơn vị đã báo cáo đủ chưa." },
  { needs: "tiendo", only: "admin", text: "• /tiendo [kỳ] — các đơn vị đã báo cáo đủ chưa." },
  { needs: "xem", text: "• /xem <đơn vị> [kỳ] — xem bản ghi của một đơn vị và trả lại bản ghi cần sửa." },
  { needs: "baocao", text: "• /baocao [kỳ] [số 35] [ngày 26/02/2025] — nhận báo cáo tổng hợp (DOCX); /guilai gửi lại bản đã phát hành." },
  { needs: "xuat", text: "• /xuat [kỳ] — xuất số liệu ra tệp Excel (mỗi biểu mẫu một trang); /xuat [kỳ] csv — tệp CSV; thêm \"lịch sử\" để kèm lịch sử sửa." },
  { needs: "xuat", text: "• /bieudo <số liệu> [kỳ] [đơn vị] — biểu đồ theo tháng, ví dụ: /bieudo tuần tra năm 2025, /bieudo vi phạm Đông Hưng." },
  { needs: "khoa", text: "• /khoa <kỳ> — khóa sổ; /mokhoa <kỳ> <đơn vị> — mở lại cho một đơn vị." },
  { needs: "cancu", text: "• Lời riêng trong báo cáo (xem lại trước khi lập): /cancu <loại> căn cứ riêng của loại báo cáo (tháng, quý, 6 tháng, năm, tổng kết), /nhandinh <kỳ>: nhận định về tình hình, /nhiemvu <kỳ>: nhiệm vụ kỳ tới (mỗi dòng một việc), /dot <kỳ> thông tin riêng của đợt." },
  { needs: "moi", text: "Văn phòng: /moi mời người dùng, /nguoidung xem danh sách, chuyển đơn vị, đổi vai trò, ngừng hoặc cho dùng lại." },
  { needs: "web", text: "• /web — mở trang của phường trên trình duyệt (điện thoại hay máy tính), không cần mật khẩu: bot gửi một liên kết dùng một lần." },
  { needs: "menu", text: "• /menu — các việc bạn có thể làm." },
  { text: "• Số: 1.200 là một nghìn hai trăm; 2,5 là hai phẩy năm." },
  { text: "• Ngày: gõ 15/2 hoặc \"hôm qua\"." },
  { text: "Gõ có dấu hay không dấu đều được." },
];

/**
 * The guide for one role; `may` says whether the role may use a command (COMMANDS' roles), `apps`
 * are the labels of the channels the bot runs ("Telegram", "Zalo"), named where the guide names apps.
 */
export function helpFor(role: Role, may: (command: string) => boolean, apps: readonly string[]): string {
  const named = apps.length > 0 ? ` (${apps.join(", ")})` : "";
  return LINES.filter((l) => (!l.only || l.only === role) && (!l.needs || may(l.needs))).map((l) => l.text.replace("{{apps}}", named)).join("\n");
}
